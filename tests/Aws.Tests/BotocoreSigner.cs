using System.Diagnostics;
using System.Text.Json;
using Pipeline.Testing;

namespace Pipeline.Aws.Tests;

/// <summary>
/// botocore's SigV4 signer (<c>sigv4_reference.py</c>) in one python3 process for a whole test class: importing botocore
/// costs far more CPU than signing, so the process starts on the first request and answers one JSON line per request.
/// </summary>
public sealed class BotocoreSigner : IDisposable
{
    private readonly LineProtocolProcess _python = new(new ProcessStartInfo("python3")
    {
        ArgumentList = { Path.Combine(AppContext.BaseDirectory, "sigv4_reference.py") },
    });

    /// <summary>The Authorization header botocore computes for <paramref name="arguments"/> (see the script's usage).</summary>
    public async Task<string> AuthorizationAsync(object arguments)
    {
        var line = await _python.AskAsync(JsonSerializer.Serialize(arguments), TimeSpan.FromMinutes(2));
        Assert.True(line is not null, $"botocore reference ended without answering: {_python.Errors}");
        return line.Trim();
    }

    public void Dispose() => _python.Dispose();
}
