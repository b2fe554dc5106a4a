// OpenBLAS's CBLAS interface (Debian: libopenblas-dev).
#include <cblas.h>

// Threads used by OpenBLAS; declared here because cblas.h of some versions omits them.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_corename(void);
