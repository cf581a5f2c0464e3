namespace Pipeline.Aws.Tests;

/// <summary>
/// Sets process environment variables for one test and restores them on dispose. Process-wide: only use it in the
/// <see cref="ProcessEnvironmentCollection"/>, which runs alone. Points the shared config/credentials files at paths
/// that do not exist and disables instance metadata, so this machine's own AWS setup cannot leak in.
/// </summary>
internal sealed class EnvironmentScope : IDisposable
{
    private static readonly string[] AwsVariables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
        "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_ECR", "AWS_ENDPOINT_URL_STS", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_EC2_METADATA_DISABLED",
    ];

    private readonly Dictionary<string, string?> saved = [];

    public EnvironmentScope(IReadOnlyDictionary<string, string?> variables)
    {
        var missing = Path.Combine(Path.GetTempPath(), "pipeline-aws-tests-no-such-dir");
        var clean = AwsVariables.ToDictionary(v => v, _ => (string?)null);
        clean["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(missing, "credentials");
        clean["AWS_CONFIG_FILE"] = Path.Combine(missing, "config");
        clean["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (name, value) in variables)
        {
            clean[name] = value;
        }

        foreach (var (name, value) in clean)
        {
            saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        Amazon.Runtime.FallbackRegionFactory.Reset();
    }

    public void Dispose()
    {
        foreach (var (name, value) in saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        Amazon.Runtime.FallbackRegionFactory.Reset();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}
