namespace Pipeline.Engine.Execution;

public enum TargetStatus
{
    NotRun,
    Succeeded,
    Failed,
    Skipped,
}
