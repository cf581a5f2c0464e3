using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Pipeline.Deploy.Edge;

/// <summary>Forwards a public or test-listener request to the colour the <see cref="Router"/> picks, with YARP's forwarder.</summary>
internal sealed class ForwardingHandler(IHttpForwarder forwarder, Router router, TrafficMetrics metrics, ProcessKeeper keeper) : IDisposable
{
    public const string ColourHeader = "X-Edge-Colour";

    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(100) };

    private static readonly ColourTransformer[] ColourTransformers = [new(EdgeColour.Blue), new(EdgeColour.Green)];

    /// <summary>How long a request that found its kept process dead waits for the edge to start it again.</summary>
    private static readonly TimeSpan RestartWait = TimeSpan.FromSeconds(15);

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
            var epoch = keeper.ServingEpochOf(lease.Colour);
            var error = await forwarder.SendAsync(context, Prefix(lease.Address), client, RequestConfig, ColourTransformers[(int)lease.Colour]);
            if (error == ForwarderError.Request && epoch is { } before && CanSendAgain(context))
            {
                // Its process died: once the edge has started it again the request goes there. A connection pooled to the
                // dead process fails at once, so a few more tries follow without waiting.
                keeper.Nudge();
                if (await keeper.WaitServingAgainAsync(lease.Colour, before, RestartWait, context.RequestAborted))
                {
                    for (var attempt = 0; attempt < 3 && (attempt == 0 || (error == ForwarderError.Request && CanSendAgain(context))); attempt++)
                    {
                        context.Response.StatusCode = StatusCodes.Status200OK;
                        context.Features.Set<IForwarderErrorFeature>(null);
                        error = await forwarder.SendAsync(context, Prefix(lease.Address), client, RequestConfig, ColourTransformers[(int)lease.Colour]);
                    }
                }
            }

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

    /// <summary>
    /// A request without a body whose answer has not started can be sent again: any method when the upstream refused the
    /// connection (nothing reached it), a safe one (GET, HEAD) otherwise.
    /// </summary>
    private static bool CanSendAgain(HttpContext context)
    {
        var request = context.Request;
        if (context.Response.HasStarted || request.ContentLength is > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
        {
            return false;
        }

        var refused = false;
        for (var e = context.Features.Get<IForwarderErrorFeature>()?.Exception; e is not null; e = e.InnerException)
        {
            refused |= e is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
        }

        return refused || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
    }

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
