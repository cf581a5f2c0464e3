using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Deploy.Edge.Tests;

/// <summary>
/// A tiny real HTTP server on a loopback port standing in for one colour of the sample:
/// <c>/</c> answers its name, <c>/slow?ms=N</c> waits, <c>/fail</c> answers 500.
/// </summary>
public sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication app;

    private Upstream(WebApplication app, string name, Uri address)
    {
        this.app = app;
        Name = name;
        Address = address;
    }

    public string Name { get; }

    public Uri Address { get; }

    public static async Task<Upstream> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/", () => name);
        app.MapGet("/slow", async (int ms) =>
        {
            await Task.Delay(ms);
            return name;
        });
        app.MapGet("/fail", () => Results.Text($"{name} failed", statusCode: 500));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Upstream(app, name, new Uri(address));
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
