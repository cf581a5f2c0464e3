using Pipeline.Workflows.Model;

namespace Pipeline.Workflows;

/// <summary>
/// The actions generated workflows use, each pinned to the full commit SHA of a release (the tag is written as a
/// comment). Override one with <c>ActionPins.Default with { Checkout = new ActionPin(…) }</c>.
/// </summary>
public sealed record ActionPins
{
    public const string CheckoutCommit = "3d3c42e5aac5ba805825da76410c181273ba90b1";
    public const string CheckoutTag = "v7.0.1";
    public const string SetupDotNetCommit = "a98b56852c35b8e3190ac28c8c2271da59106c68";
    public const string SetupDotNetTag = "v6.0.0";
    public const string CacheCommit = "27d5ce7f107fe9357f9df03efb73ab90386fccae";
    public const string CacheTag = "v5.0.5";
    public const string UploadArtifactCommit = "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f";
    public const string UploadArtifactTag = "v7.0.0";
    public const string DownloadArtifactCommit = "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c";
    public const string DownloadArtifactTag = "v8.0.1";
    public const string ConfigureAwsCredentialsCommit = "e6de054238d6b7531b4efff3b6587d9aade6a06c";
    public const string ConfigureAwsCredentialsTag = "v6.2.3";
    public const string AmazonEcrLoginCommit = "03f1aad4c6c7ffd436567f42f9384779290529bd";
    public const string AmazonEcrLoginTag = "v2.1.7";

    public static ActionPins Default { get; } = new();

    public ActionPin Checkout { get; init; } = new("actions/checkout", CheckoutCommit, CheckoutTag);
    public ActionPin SetupDotNet { get; init; } = new("actions/setup-dotnet", SetupDotNetCommit, SetupDotNetTag);
    public ActionPin Cache { get; init; } = new("actions/cache", CacheCommit, CacheTag);
    public ActionPin UploadArtifact { get; init; } = new("actions/upload-artifact", UploadArtifactCommit, UploadArtifactTag);
    public ActionPin DownloadArtifact { get; init; } = new("actions/download-artifact", DownloadArtifactCommit, DownloadArtifactTag);

    public ActionPin ConfigureAwsCredentials { get; init; } =
        new("aws-actions/configure-aws-credentials", ConfigureAwsCredentialsCommit, ConfigureAwsCredentialsTag);

    public ActionPin AmazonEcrLogin { get; init; } = new("aws-actions/amazon-ecr-login", AmazonEcrLoginCommit, AmazonEcrLoginTag);

    /// <summary>Every pin, for validation and listing.</summary>
    public IReadOnlyList<ActionPin> All =>
        [Checkout, SetupDotNet, Cache, UploadArtifact, DownloadArtifact, ConfigureAwsCredentials, AmazonEcrLogin];
}
