using System.Text.Json.Nodes;

namespace Pipeline.Deploy.Lambda.Tests.Support;

/// <summary>
/// One configuration of the fake's function: <c>$LATEST</c> (changed by updates) or a published version (a frozen copy).
/// <see cref="PendingReads"/> is how many more reads see it <c>Pending</c>/<c>InProgress</c> before it settles, so the
/// platform's waiters have something to wait for.
/// </summary>
internal sealed class FakeFunction
{
    public required string Name { get; init; }

    public string Version { get; init; } = "$LATEST";

    public required string ImageUri { get; set; }

    public string Role { get; set; } = "arn:aws:iam::123456789012:role/lambda-run";

    public Dictionary<string, string> Variables { get; set; } = new(StringComparer.Ordinal);

    public string Description { get; set; } = "";

    public int Timeout { get; set; } = 3;

    public int MemorySize { get; set; } = 128;

    public string RevisionId { get; set; } = Guid.NewGuid().ToString();

    public string State { get; set; } = "Active";

    public string LastUpdateStatus { get; set; } = "Successful";

    public int PendingReads { get; set; }

    public string Arn => $"arn:aws:lambda:{LambdaApiFake.Region}:{LambdaApiFake.Account}:function:{Name}";

    /// <summary>A published copy of this configuration.</summary>
    public FakeFunction Publish(string number, string description) => new()
    {
        Name = Name,
        Version = number,
        ImageUri = ImageUri,
        Role = Role,
        Variables = new Dictionary<string, string>(Variables, StringComparer.Ordinal),
        Description = description,
        Timeout = Timeout,
        MemorySize = MemorySize,
        State = "Pending",
        PendingReads = 1,
    };

    /// <summary>Whether this configuration runs the same code with the same settings as <paramref name="other"/>.</summary>
    public bool SameCodeAndConfiguration(FakeFunction other) =>
        ImageUri == other.ImageUri && Role == other.Role && Timeout == other.Timeout && MemorySize == other.MemorySize
        && Variables.Count == other.Variables.Count && Variables.All(v => other.Variables.GetValueOrDefault(v.Key) == v.Value);

    /// <summary>Reads it as Lambda answers it, one poll of its state going by.</summary>
    public JsonObject Read()
    {
        var configuration = Json();
        if (PendingReads > 0 && --PendingReads == 0)
        {
            State = "Active";
            LastUpdateStatus = "Successful";
        }

        return configuration;
    }

    /// <summary>The <c>FunctionConfiguration</c> shape.</summary>
    public JsonObject Json() => new()
    {
        ["FunctionName"] = Name,
        ["FunctionArn"] = Version == "$LATEST" ? Arn : $"{Arn}:{Version}",
        ["Role"] = Role,
        ["Description"] = Description,
        ["Timeout"] = Timeout,
        ["MemorySize"] = MemorySize,
        ["Version"] = Version,
        ["RevisionId"] = RevisionId,
        ["PackageType"] = "Image",
        ["State"] = State,
        ["LastUpdateStatus"] = LastUpdateStatus,
        ["LastModified"] = "2026-12-05T00:00:00.000+0000",
        ["Environment"] = new JsonObject { ["Variables"] = new JsonObject([.. Variables.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))]) },
    };
}
