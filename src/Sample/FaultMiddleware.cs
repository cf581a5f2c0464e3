namespace Pipeline.Sample;

/// <summary>Applies the <see cref="FaultSwitch"/> to requests: delay everything (slow) or fail /todos (errors).</summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultSwitch fault)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (fault.Mode == FaultMode.Slow)
        {
            await Task.Delay(fault.Delay, context.RequestAborted);
        }
        else if (fault.Mode == FaultMode.Errors
            && context.Request.Path.StartsWithSegments("/todos", StringComparison.OrdinalIgnoreCase)
#pragma warning disable CA5394 // not security: a fraction of requests to fail
            && Random.Shared.NextDouble() < fault.Rate)
#pragma warning restore CA5394
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new { error = "fault switch SAMPLE_FAULT=errors is on" });
            return;
        }

        await next(context);
    }
}
