"""The sandbox: the bot against local doubles of the Telegram and Zalo APIs. No product module imports it."""
