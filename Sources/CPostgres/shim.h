#ifndef CPOSTGRES_SHIM_H
#define CPOSTGRES_SHIM_H
/* libpq, PostgreSQL's client library: the second store, for several `serve` processes on one database. */
#include <libpq-fe.h>
#endif
