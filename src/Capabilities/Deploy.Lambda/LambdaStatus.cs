using System.Globalization;
using System.Text;
using Pipeline.Deploy.Lambda.Ledger;

namespace Pipeline.Deploy.Lambda;

/// <summary>
/// Status read from Lambda alone: where the alias sends production (versions, weights, what each version is), the
/// deploy holding the environment (alive or dead, and what the next Deploy or Rollback does about it), the versions
/// and the last deployments.
/// </summary>
internal sealed class LambdaStatus(string environment, LambdaPlatformSettings settings, FunctionAlias alias, FunctionVersions versions, AliasLedger ledger)
{
    public async Task<string> RenderAsync(int deployments, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{environment}: Lambda function {settings.FunctionName} ({settings.Region}), alias {settings.Alias}\n");
        var known = await versions.ListAsync(cancellationToken);
        await alias.RefreshAsync(cancellationToken);
        if (alias.PrimaryVersion is not { } primary)
        {
            text.Append(known.Count == 0 ? "  nothing deployed: the function has no published version\n" : $"  alias {settings.Alias} does not exist yet: nothing serves production\n");
        }
        else
        {
            var extra = alias.Additional;
            text.Append(CultureInfo.InvariantCulture, $"  version {Describe(primary, known)}, weight {(1 - (extra?.Weight ?? 0)) * 100:0.#} %\n");
            if (extra is { } split)
            {
                text.Append(CultureInfo.InvariantCulture, $"  version {Describe(split.Version, known)}, weight {split.Weight * 100:0.#} %\n");
            }
        }

        if (settings.ProductionUrl is { } url)
        {
            text.Append(CultureInfo.InvariantCulture, $"  production {url}\n");
        }

        if (alias.State.Lock is { } held)
        {
            var age = (DateTimeOffset.UtcNow - held.Heartbeat).TotalSeconds;
            text.Append(CultureInfo.InvariantCulture, $"  in progress: {held}, heartbeat {age:0} s ago");
            text.Append(held.IsStale(settings.LockLease, DateTimeOffset.UtcNow)
                ? $": dead — the deploy that ran it (pid {held.ProcessId} on {held.Host}) is gone; the next Deploy or Rollback puts all production back on version {alias.PrimaryVersion ?? "none"}{(alias.Additional is { } s ? $" and takes the {s.Weight:P0} off version {s.Version}" : "")}\n"
                : "\n");
        }

        text.Append("versions (newest first):\n");
        foreach (var version in known.Values.OrderByDescending(v => long.Parse(v.Number, CultureInfo.InvariantCulture)).Take(Math.Max(deployments, 1)))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {version.Number,-5} {version.Description?.Format() ?? "(not published by Pipeline)"}\n");
        }

        var records = await ledger.ListAsync(cancellationToken);
        text.Append(CultureInfo.InvariantCulture, $"last {Math.Min(deployments, records.Count)} deployments:\n");
        foreach (var record in records.TakeLast(deployments).Reverse())
        {
            var version = FunctionVersions.VersionOf(record.Release.Source);
            text.Append(CultureInfo.InvariantCulture,
                $"  {record.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z {record.Kind} {record.Release.Version}{(version is null ? "" : $" (version {version})")}: {record.Outcome}\n");
        }

        return text.ToString();
    }

    private static string Describe(string number, IReadOnlyDictionary<string, FunctionVersion> known) =>
        known.GetValueOrDefault(number)?.Description is { } d
            ? $"{number} ({d.Label}, {d.Digest ?? "no digest"}, commit {d.Commit ?? "unknown"})"
            : $"{number}";
}
