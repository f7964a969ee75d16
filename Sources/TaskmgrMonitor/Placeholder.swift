// Placeholder until TaskmgrMonitor's first real file lands; delete it then.
