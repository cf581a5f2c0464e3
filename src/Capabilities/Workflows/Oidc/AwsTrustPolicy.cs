using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Workflows.Oidc;

/// <summary>
/// The IAM trust policy of a role a GitHub Actions job assumes through OIDC: GitHub's token issuer as the federated
/// principal, the STS audience, and the subject pinned with <c>StringEquals</c> to one repository's one environment
/// (<c>repo:owner/name:environment:production</c>) — so a job on another branch, a pull request or another environment
/// cannot assume the role, whatever the workflow says.
/// </summary>
public static partial class AwsTrustPolicy
{
    public const string Issuer = "token.actions.githubusercontent.com";
    public const string Audience = "sts.amazonaws.com";

    /// <summary>The <c>sub</c> claim of a job that runs in <paramref name="environment"/> of <paramref name="repository"/>.</summary>
    public static string Subject(string repository, string environment) => $"repo:{repository}:environment:{environment}";

    /// <summary>The <c>sub</c> claim of a job outside any environment that runs for a push to <paramref name="branch"/>.</summary>
    public static string BranchSubject(string repository, string branch) => $"repo:{repository}:ref:refs/heads/{branch}";

    /// <summary>The trust policy document (indented JSON, LF endings) for <paramref name="roleArn"/>, pinned to one environment.</summary>
    /// <exception cref="ArgumentException">The role ARN or the repository is malformed; the message says which and how.</exception>
    public static string For(string roleArn, string repository, string environment) => Document(roleArn, repository, [Subject(repository, environment)]);

    /// <summary>
    /// The trust policy of a role a job outside any environment assumes (the image job), pinned to pushes to
    /// <paramref name="branches"/> (patterns with <c>*</c> match with <c>StringLike</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The role ARN, the repository or the branches are malformed; the message says which and how.</exception>
    public static string ForBranches(string roleArn, string repository, IReadOnlyList<string> branches)
    {
        ArgumentNullException.ThrowIfNull(branches);
        if (branches.Count == 0 || branches.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("no branch to pin the role to: name the branches the workflow pushes images from", nameof(branches));
        }

        return Document(roleArn, repository, [.. branches.Select(b => BranchSubject(repository, b))]);
    }

    private static string Document(string roleArn, string repository, IReadOnlyList<string> subjects)
    {
        var role = RoleArn().Match(roleArn);
        if (!role.Success)
        {
            throw new ArgumentException($"'{roleArn}' is not an IAM role ARN; expected arn:aws:iam::<12-digit account>:role/<name>", nameof(roleArn));
        }

        if (!RepositoryName().IsMatch(repository))
        {
            throw new ArgumentException($"'{repository}' is not a GitHub repository; expected owner/name", nameof(repository));
        }

        var provider = $"arn:{role.Groups["partition"].Value}:iam::{role.Groups["account"].Value}:oidc-provider/{Issuer}";
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteString("Version", "2012-10-17");
            json.WriteStartArray("Statement");
            json.WriteStartObject();
            json.WriteString("Effect", "Allow");
            json.WriteStartObject("Principal");
            json.WriteString("Federated", provider);
            json.WriteEndObject();
            json.WriteString("Action", "sts:AssumeRoleWithWebIdentity");
            json.WriteStartObject("Condition");
            json.WriteStartObject("StringEquals");
            json.WriteString($"{Issuer}:aud", Audience);
            var wildcard = subjects.Any(s => s.Contains('*', StringComparison.Ordinal));
            if (!wildcard)
            {
                WriteSubjects(json, subjects);
            }

            json.WriteEndObject();
            if (wildcard)
            {
                json.WriteStartObject("StringLike");
                WriteSubjects(json, subjects);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteSubjects(Utf8JsonWriter json, IReadOnlyList<string> subjects)
    {
        if (subjects.Count == 1)
        {
            json.WriteString($"{Issuer}:sub", subjects[0]);
            return;
        }

        json.WriteStartArray($"{Issuer}:sub");
        foreach (var subject in subjects)
        {
            json.WriteStringValue(subject);
        }

        json.WriteEndArray();
    }

    /// <summary><c>owner/name</c> from a remote URL (<c>https://github.com/owner/name.git</c>, <c>git@github.com:owner/name.git</c>), or null.</summary>
    public static string? RepositoryFromRemote(string? url)
    {
        var match = RemoteUrl().Match(url ?? "");
        return match.Success ? $"{match.Groups["owner"].Value}/{match.Groups["name"].Value}" : null;
    }

    [GeneratedRegex(@"^arn:(?<partition>aws|aws-cn|aws-us-gov):iam::(?<account>[0-9]{12}):role/[\w+=,.@/-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArn();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryName();

    [GeneratedRegex(@"github\.com[:/](?<owner>[A-Za-z0-9-]+)/(?<name>[A-Za-z0-9._-]+?)(?:\.git)?/?$", RegexOptions.CultureInvariant)]
    private static partial Regex RemoteUrl();
}
