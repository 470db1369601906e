"""The CEC simulator: an aiohttp application serving the CEC interfaces agentbar uses.

It imports nothing from the client (``agentbar.cec``, ``agentbar.app``, ``agentbar.ui``) on purpose.
"""
