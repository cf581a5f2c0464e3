using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Aws.Tests;

/// <summary>
/// botocore's serializer and signer (<c>botocore_reference.py</c>) in one python3 process for a whole test class: how
/// botocore lays out and signs a request for the same operation and input, to compare with what our client sent.
/// </summary>
public sealed class BotocoreReference : IDisposable
{
    private readonly LineProtocolProcess python = new(new ProcessStartInfo("python3")
    {
        ArgumentList = { Path.Combine(AppContext.BaseDirectory, "botocore_reference.py") },
    });

    /// <summary>botocore's answer for one request (see the script's usage); fails the test when the script gave none.</summary>
    public async Task<JsonObject> AskAsync(JsonObject arguments)
    {
        var line = await python.AskAsync(arguments.ToJsonString(), TimeSpan.FromMinutes(2));
        Assert.True(line is not null, $"botocore reference ended without answering: {python.Errors}");
        return JsonNode.Parse(line)!.AsObject();
    }

    public void Dispose() => python.Dispose();
}
