using System.Globalization;
using System.Text;

namespace Pipeline.Deploy.Lambda.Ledger;

/// <summary>
/// The lock and the history of an environment as they are written in its alias's description (Lambda's 256
/// characters): <c>pipeline/1 lock=deploy_2.0.0|4242|ci-runner|lq2x9a|9f3c2e; history=6S@lq1…,7Rr@lq2…,8P@lq3…</c>.
/// Each history entry is a Lambda version (or <c>-</c>), an outcome letter (P in progress, S successful, R rolled back,
/// X rollback failed, F failed, I interrupted), <c>r</c> for an on-demand rollback, and the start time (epoch
/// milliseconds, base 36). The oldest finished entries make room for new ones. What a version is (label, digest,
/// commit) is in the version's own description.
/// </summary>
internal sealed record AliasLedgerState(AliasLock? Lock, IReadOnlyList<LedgerEntry> Entries)
{
    private const string Prefix = "pipeline/1";

    public static AliasLedgerState Empty { get; } = new(null, []);

    public string Format()
    {
        var entries = Entries.ToList();
        while (true)
        {
            var text = Render(entries);
            if (text.Length <= VersionDescription.MaxLength)
            {
                return text;
            }

            var oldest = entries.FindIndex(e => e.Outcome != DeploymentOutcome.InProgress);
            if (oldest < 0)
            {
                return text[..VersionDescription.MaxLength];
            }

            entries.RemoveAt(oldest);
        }
    }

    /// <summary>The state written in <paramref name="description"/>; empty for an alias Pipeline has not written (or could not read).</summary>
    public static AliasLedgerState Parse(string? description)
    {
        if (description is null || !description.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return Empty;
        }

        AliasLock? held = null;
        var entries = new List<LedgerEntry>();
        foreach (var part in description[Prefix.Length..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("lock=", StringComparison.Ordinal))
            {
                var fields = part["lock=".Length..].Split('|');
                if (fields.Length == 5 && int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && Base36.TryParse(fields[3], out var beat))
                {
                    held = new AliasLock(fields[0], pid, fields[2], DateTimeOffset.FromUnixTimeSeconds(beat), fields[4]);
                }
            }
            else if (part.StartsWith("history=", StringComparison.Ordinal))
            {
                entries.AddRange(part["history=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseEntry).OfType<LedgerEntry>());
            }
        }

        return new AliasLedgerState(held, entries);
    }

    /// <summary>This state with <paramref name="entry"/> added, or replacing the entry that started at the same time.</summary>
    public AliasLedgerState With(LedgerEntry entry)
    {
        var entries = Entries.ToList();
        var at = entries.FindIndex(e => e.Started == entry.Started);
        if (at >= 0)
        {
            entries[at] = entry;
        }
        else
        {
            entries.Add(entry);
        }

        return this with { Entries = entries };
    }

    private string Render(IEnumerable<LedgerEntry> entries)
    {
        var text = new StringBuilder(Prefix);
        if (Lock is { } held)
        {
            text.Append(CultureInfo.InvariantCulture, $" lock={Clean(held.Purpose)}|{held.ProcessId}|{Clean(held.Host)}|{Base36.Format(held.Heartbeat.ToUnixTimeSeconds())}|{Clean(held.Nonce)};");
        }

        text.Append(" history=").AppendJoin(',', entries.Select(e =>
            $"{e.Version ?? "-"}{Letter(e.Outcome)}{(e.Kind == DeploymentKind.Rollback ? "r" : "")}@{Base36.Format(e.Started.ToUnixTimeMilliseconds())}"));
        return text.ToString();
    }

    private static LedgerEntry? ParseEntry(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 2 || !Base36.TryParse(text[(at + 1)..], out var started))
        {
            return null;
        }

        var head = text[..at];
        var kind = DeploymentKind.Deploy;
        if (head.EndsWith('r'))
        {
            kind = DeploymentKind.Rollback;
            head = head[..^1];
        }

        if (head.Length < 2 || Outcome(head[^1]) is not { } outcome)
        {
            return null;
        }

        var version = head[..^1];
        return new LedgerEntry(DateTimeOffset.FromUnixTimeMilliseconds(started), kind, version == "-" ? null : version, outcome);
    }

    private static char Letter(DeploymentOutcome outcome) => outcome switch
    {
        DeploymentOutcome.InProgress => 'P',
        DeploymentOutcome.Successful => 'S',
        DeploymentOutcome.RolledBack => 'R',
        DeploymentOutcome.RollbackFailed => 'X',
        DeploymentOutcome.Failed => 'F',
        _ => 'I',
    };

    private static DeploymentOutcome? Outcome(char letter) => letter switch
    {
        'P' => DeploymentOutcome.InProgress,
        'S' => DeploymentOutcome.Successful,
        'R' => DeploymentOutcome.RolledBack,
        'X' => DeploymentOutcome.RollbackFailed,
        'F' => DeploymentOutcome.Failed,
        'I' => DeploymentOutcome.Interrupted,
        _ => null,
    };

    private static string Clean(string text) => new([.. text.Select(c => c is ' ' or '|' or ';' or ',' or '=' ? '_' : c)]);
}
