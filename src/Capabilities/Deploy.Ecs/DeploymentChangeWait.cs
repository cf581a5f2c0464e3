using Pipeline.Deploy.Managed;
using Pipeline.Foundation.Polling;

namespace Pipeline.Deploy.Ecs;

/// <summary>
/// The one wait of an ECS deployment the engine watches (native or rolling): observe it until it moves on from the
/// state the engine last saw (another stage or status, a breach) or ends, with ECS's errors as one line. The timeout
/// names <c>what</c> (<c>ECS deployment arn:…</c>) and the state it was last seen in.
/// </summary>
internal static class DeploymentChangeWait
{
    public static Task<ManagedDeploymentState> UntilChangedAsync(
        Func<CancellationToken, Task<ManagedDeploymentState>> observe,
        ManagedDeploymentState? last,
        string what,
        EcsErrors errors,
        PollSchedule schedule,
        CancellationToken cancellationToken) =>
        errors.CallAsync(() => Poll.UntilAsync(
            observe,
            state => last is null || state.IsTerminal || !state.SameAs(last),
            schedule,
            $"{what} to move on from {last?.Stage?.ToEcsName() ?? "its start"}",
            cancellationToken,
            state => $"{state.Status} at {state.Stage?.ToEcsName() ?? "no stage"}"));
}
