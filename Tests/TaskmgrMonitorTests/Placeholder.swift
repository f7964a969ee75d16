// Placeholder until TaskmgrMonitorTests's first real file lands; delete it then.
