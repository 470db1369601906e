"""agentbar: a desktop toolbar for Huawei Cloud CEC contact-center agents."""

__version__ = "0.1.0"
