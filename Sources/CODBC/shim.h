#ifndef GATE_CODBC_SHIM_H
#define GATE_CODBC_SHIM_H
#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>
#endif
