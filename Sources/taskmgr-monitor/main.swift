// taskmgr-monitor: one monitor cycle per run (systemd timer). See `MonitorCommand`.
import Foundation
import TaskmgrMonitor

exit(MonitorCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))
