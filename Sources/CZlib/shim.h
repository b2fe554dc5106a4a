// zlib (Debian: zlib1g-dev): inflate for the MNIST wheel, deflate for PNG.
#include <zlib.h>
