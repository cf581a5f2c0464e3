using Pipeline.Deploy;

namespace Pipeline.Components.Services;

/// <summary>
/// Deploys the services of a release one after another, in their order. When one does not go live (its deploy fails,
/// rolls itself back or is cancelled), the services already shifted are rolled back, the last one first, to the
/// version they ran before: the environment runs the previous release again, as a unit.
/// </summary>
internal sealed class ReleaseAsUnit(TextWriter output, Action<DeploymentRecord> report)
{
    /// <summary>Deploys <paramref name="deployments"/> in order; throws one <see cref="DeployException"/> line when the release did not go live.</summary>
    public async Task<IReadOnlyList<(ServiceDeployment Deployment, DeploymentRecord Record)>> DeployAsync(
        string environment, IReadOnlyList<ServiceDeployment> deployments, CancellationToken cancellationToken)
    {
        var live = new List<(ServiceDeployment Deployment, DeploymentRecord Record)>();
        foreach (var deployment in deployments)
        {
            var service = deployment.Service.Name;
            string failure;
            var remedy = DeployRemedy.None;
            try
            {
                output.WriteLine($"── {service}: deploying {deployment.Spec.Version} to '{deployment.Environment.Name}'");
                var record = await deployment.Environment.DeployAsync(deployment.Spec, cancellationToken);
                report(record);
                if (record.Succeeded)
                {
                    live.Add((deployment, record));
                    output.WriteLine($"{service}: {record.Release.Version} is live{(deployment.Environment.PublicUrl is { } url ? $" at {url}" : "")}");
                    continue;
                }

                failure = $"{service} {IDeploySettings.OutcomeText(record.Outcome)}: {record.RollbackReason?.ToString() ?? record.Outcome.ToString()}";
                remedy = record.RollbackReason?.Remedy ?? DeployRemedy.None;
            }
            catch (DeployException e)
            {
                failure = $"{service} failed before any of its traffic moved: {e.Message}";
                remedy = e.Remedy;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                failure = $"{service}: the deploy was cancelled";
            }

            var undone = await RollBackAsync(live);
            throw new DeployException($"Release to '{environment}' stopped at service '{service}': {failure}; {undone}") { Remedy = remedy };
        }

        return live;
    }

    /// <summary>Rolls the services already live back, the last one first; returns what happened, in words.</summary>
    private async Task<string> RollBackAsync(IReadOnlyList<(ServiceDeployment Deployment, DeploymentRecord Record)> live)
    {
        if (live.Count == 0)
        {
            return "no other service had moved";
        }

        var results = new List<string>();
        foreach (var (deployment, _) in live.Reverse())
        {
            var service = deployment.Service.Name;
            output.WriteLine($"── {service}: rolling back (the release goes back as a unit)");
            try
            {
                // Not cancellable: a cancelled deploy still leaves the environment on one release.
                var record = await deployment.Environment.RollbackAsync(deployment.Spec with { MigrationsCommand = null }, CancellationToken.None);
                report(record);
                results.Add(record.Succeeded
                    ? $"{service} back to {record.Release.Version}"
                    : $"{service} NOT rolled back ({record.RollbackReason?.ToString() ?? record.Outcome.ToString()})");
            }
            catch (DeployException e)
            {
                results.Add($"{service} NOT rolled back ({e.Message})");
            }
        }

        return $"rolled back as a unit: {string.Join(", ", results)}";
    }
}
