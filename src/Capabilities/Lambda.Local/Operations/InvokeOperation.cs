using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Lambda.Local.Execution;
using Pipeline.Lambda.Local.Functions;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Operations;

/// <summary>
/// Invoke: RequestResponse waits for the function (200 with its payload, <c>X-Amz-Executed-Version</c>, and
/// <c>X-Amz-Function-Error: Unhandled</c> when it failed), Event queues it (202), DryRun only checks (204).
/// </summary>
internal sealed class InvokeOperation(LambdaStore store, Arns arns, Invoker invoker)
{
    public async Task<LambdaResponse> InvokeAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var reference = FunctionReference.Parse(request.Label("FunctionName"), arns);
        var qualifier = reference.QualifierWith(request.Query("Qualifier"));
        var payload = request.RawBody;
        if (payload.Length > 0)
        {
            try
            {
                JsonDocument.Parse(payload).Dispose();
            }
            catch (JsonException e)
            {
                throw LambdaException.InvalidContent($"Could not parse request body into json: {e.Message.Split(" Path:", 2)[0]}");
            }
        }

        switch (request.Header("X-Amz-Invocation-Type") ?? "RequestResponse")
        {
            case "DryRun":
                invoker.Check(reference.Name, qualifier);
                return LambdaResponse.NoContent();
            case "Event":
                invoker.Start(reference.Name, qualifier, payload.Length == 0 ? "{}"u8.ToArray() : payload, null);
                return new LambdaResponse(202, null);
            case "RequestResponse":
                break;
            case var other:
                throw LambdaException.InvalidParameter($"1 validation error detected: Value '{other}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }

        var clientContext = request.Header("X-Amz-Client-Context");
        var (invocation, executed) = invoker.Start(reference.Name, qualifier, payload.Length == 0 ? "{}"u8.ToArray() : payload, clientContext);
        var result = await invocation.Result;
        var headers = new Dictionary<string, string> { ["X-Amz-Executed-Version"] = executed };
        if (result.IsError)
        {
            headers["X-Amz-Function-Error"] = "Unhandled";
        }

        if (request.Header("X-Amz-Log-Type") == "Tail")
        {
            headers["X-Amz-Log-Result"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"START RequestId: {invocation.RequestId} Version: {executed}\nEND RequestId: {invocation.RequestId}\n" +
                $"REPORT RequestId: {invocation.RequestId}\tDuration: {result.Duration.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture)} ms\t" +
                $"Memory Size: {store.Read(d => d.Function(reference.Name, arns).Latest.MemorySize)} MB\n"));
        }

        return new LambdaResponse(200, null, result.Payload) { Headers = headers };
    }
}
