#ifndef CCRYPT_SHIM_H
#define CCRYPT_SHIM_H
/* libxcrypt: yescrypt ("$y$"), the hash /etc/shadow uses. */
#include <crypt.h>
#endif
