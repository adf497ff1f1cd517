"""The process: settings, wiring of channels, handlers and services, start-up, the scheduler and the CLI's tasks."""
