using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipeline.Lambda.Local.Functions;

/// <summary>
/// The configuration of <c>$LATEST</c> or of one published version (a frozen copy): code (the image, resolved to what the
/// engine runs), settings, and the state and last-update status Lambda reports.
/// </summary>
internal sealed class VersionConfig
{
    public required string Version { get; set; }

    public string Description { get; set; } = "";

    public required string Role { get; set; }

    public int Timeout { get; set; } = 3;

    public int MemorySize { get; set; } = 128;

    public Dictionary<string, string> Environment { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The image as the caller gave it (tag or digest).</summary>
    public required string ImageUri { get; set; }

    /// <summary>The image by digest (Lambda's ResolvedImageUri).</summary>
    public required string ResolvedImageUri { get; set; }

    /// <summary>What the engine runs: the reference by digest when the engine knows one, else the local image id.</summary>
    public required string RunImage { get; set; }

    /// <summary>The image digest without its <c>sha256:</c> prefix (Lambda's CodeSha256 of an image function).</summary>
    public required string CodeSha256 { get; set; }

    public long CodeSize { get; set; }

    public List<string>? EntryPoint { get; set; }

    public List<string>? Command { get; set; }

    public string? WorkingDirectory { get; set; }

    public List<string> Architectures { get; set; } = ["x86_64"];

    public DateTimeOffset LastModified { get; set; }

    public required string RevisionId { get; set; }

    public string State { get; set; } = "Active";

    public string? StateReason { get; set; }

    public string? StateReasonCode { get; set; }

    public string? LastUpdateStatus { get; set; } = "Successful";

    public string? LastUpdateStatusReason { get; set; }

    public string? LastUpdateStatusReasonCode { get; set; }

    /// <summary>For a published version: the fingerprint of <c>$LATEST</c> it was published from.</summary>
    public string? PublishedFrom { get; set; }

    /// <summary>Code and configuration, the way PublishVersion compares them: a version is published only when this changed.</summary>
    public string Fingerprint() => Hash(JsonSerializer.Serialize(new object?[]
    {
        CodeSha256, RunImage, Description, Role, Timeout, MemorySize, Environment.OrderBy(e => e.Key, StringComparer.Ordinal).ToList(),
        EntryPoint, Command, WorkingDirectory, Architectures,
    }));

    /// <summary>What an execution environment depends on: environments of another key are replaced.</summary>
    public string EnvironmentKey() => Hash(Version + "\n" + Fingerprint())[..16];

    public VersionConfig Copy(string version) => new()
    {
        Version = version,
        Description = Description,
        Role = Role,
        Timeout = Timeout,
        MemorySize = MemorySize,
        Environment = new Dictionary<string, string>(Environment, StringComparer.Ordinal),
        ImageUri = ImageUri,
        ResolvedImageUri = ResolvedImageUri,
        RunImage = RunImage,
        CodeSha256 = CodeSha256,
        CodeSize = CodeSize,
        EntryPoint = EntryPoint is null ? null : [.. EntryPoint],
        Command = Command is null ? null : [.. Command],
        WorkingDirectory = WorkingDirectory,
        Architectures = [.. Architectures],
        LastModified = LastModified,
        RevisionId = RevisionId,
        State = State,
        StateReason = StateReason,
        StateReasonCode = StateReasonCode,
        LastUpdateStatus = LastUpdateStatus,
        LastUpdateStatusReason = LastUpdateStatusReason,
        LastUpdateStatusReasonCode = LastUpdateStatusReasonCode,
        PublishedFrom = PublishedFrom,
    };

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
