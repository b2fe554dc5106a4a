"""`python -m adv_kernel -f CONNECTION_FILE`: what the kernelspec (kernel.json) runs."""

from ipykernel.kernelapp import IPKernelApp

from adv_kernel.kernel import AdvKernel

IPKernelApp.launch_instance(kernel_class=AdvKernel)
