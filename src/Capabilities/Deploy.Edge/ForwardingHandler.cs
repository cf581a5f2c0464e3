using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Pipeline.Deploy.Edge;

/// <summary>Forwards a public or test-listener request to the colour the <see cref="Router"/> picks, with YARP's forwarder.</summary>
internal sealed class ForwardingHandler(IHttpForwarder forwarder, Router router, TrafficMetrics metrics) : IDisposable
{
    public const string ColourHeader = "X-Edge-Colour";

    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(100) };

    private static readonly ColourTransformer[] ColourTransformers = [new(EdgeColour.Blue), new(EdgeColour.Green)];

    private readonly HttpMessageInvoker client = new(new SocketsHttpHandler
    {
        // loopback upstreams: no proxy, no decompression, no cookies, no tracing headers; fail fast on a dead port
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(3),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    });

    public async Task HandleAsync(HttpContext context, bool testListener)
    {
        if (router.Acquire(testListener) is not { } lease)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync(testListener
                ? "edge: no test colour is routed; a deploy sets one while green is under test\n"
                : "edge: no upstream is routed: nothing is deployed behind this edge yet\n");
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            var error = await forwarder.SendAsync(context, Prefix(lease.Address), client, RequestConfig, ColourTransformers[(int)lease.Colour]);
            failed = error switch
            {
                ForwarderError.None => context.Response.StatusCode >= 500,
                // the caller went away: not the upstream's fault
                ForwarderError.RequestCanceled or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient => false,
                _ => true,
            };
        }
        finally
        {
            router.Release(lease);
            if (!testListener)
            {
                metrics.Record(lease.Colour, Stopwatch.GetElapsedTime(started).TotalMilliseconds, failed);
            }
        }
    }

    public void Dispose() => client.Dispose();

    private static string Prefix(Uri address) => address.GetLeftPart(UriPartial.Authority) + address.AbsolutePath.TrimEnd('/');

    /// <summary>Tells the caller which colour answered (smoke tests and benchmarks read it).</summary>
    private sealed class ColourTransformer(EdgeColour colour) : HttpTransformer
    {
        private readonly string text = colour.ToText();

        public override async ValueTask<bool> TransformResponseAsync(
            HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            var copy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
            httpContext.Response.Headers[ColourHeader] = text;
            return copy;
        }
    }
}
