namespace Pipeline.Lambda.Local.Execution;

/// <summary>Where an execution environment is: starting (until its runtime first asks for work), waiting in <c>next</c>, running an invocation, or stopped.</summary>
internal enum EnvironmentStatus
{
    Starting,
    Waiting,
    Busy,
    Stopped,
}
