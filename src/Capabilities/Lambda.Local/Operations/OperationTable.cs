using Pipeline.Lambda.Local.Hosting;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Operations;

/// <summary>The Lambda operations the local Lambda implements, with their method and URI as the model defines them.</summary>
internal static class OperationTable
{
    private const string Functions = "/2015-03-31/functions";
    private const string Urls = "/2021-10-31/functions/{FunctionName}";

    public static IReadOnlyList<LambdaRoute> For(LocalLambdaHost host, LambdaLocalOptions options)
    {
        var functions = new FunctionOperations(host.Store, host.Arns, host.Images, host.Urls, host.Invoker, options.UpdateDuration, host.Logger);
        var versions = new VersionOperations(host.Store, host.Arns, host.Logger);
        var aliases = new AliasOperations(host.Store, host.Arns, host.Urls, host.Logger);
        var invoke = new InvokeOperation(host.Store, host.Arns, host.Invoker);
        var urls = new FunctionUrlOperations(host.Store, host.Arns, host.Urls);
        return
        [
            new("POST", Functions, "CreateFunction", functions.CreateFunctionAsync),
            new("GET", Functions, "ListFunctions", functions.ListFunctionsAsync),
            new("GET", Functions + "/{FunctionName}", "GetFunction", functions.GetFunctionAsync),
            new("DELETE", Functions + "/{FunctionName}", "DeleteFunction", functions.DeleteFunctionAsync),
            new("GET", Functions + "/{FunctionName}/configuration", "GetFunctionConfiguration", functions.GetFunctionConfigurationAsync),
            new("PUT", Functions + "/{FunctionName}/configuration", "UpdateFunctionConfiguration", functions.UpdateFunctionConfigurationAsync),
            new("PUT", Functions + "/{FunctionName}/code", "UpdateFunctionCode", functions.UpdateFunctionCodeAsync),
            new("POST", Functions + "/{FunctionName}/versions", "PublishVersion", versions.PublishVersionAsync),
            new("GET", Functions + "/{FunctionName}/versions", "ListVersionsByFunction", versions.ListVersionsByFunctionAsync),
            new("POST", Functions + "/{FunctionName}/aliases", "CreateAlias", aliases.CreateAliasAsync),
            new("GET", Functions + "/{FunctionName}/aliases", "ListAliases", aliases.ListAliasesAsync),
            new("GET", Functions + "/{FunctionName}/aliases/{Name}", "GetAlias", aliases.GetAliasAsync),
            new("PUT", Functions + "/{FunctionName}/aliases/{Name}", "UpdateAlias", aliases.UpdateAliasAsync),
            new("DELETE", Functions + "/{FunctionName}/aliases/{Name}", "DeleteAlias", aliases.DeleteAliasAsync),
            new("POST", Functions + "/{FunctionName}/invocations", "Invoke", invoke.InvokeAsync),
            new("POST", Urls + "/url", "CreateFunctionUrlConfig", urls.CreateAsync),
            new("GET", Urls + "/url", "GetFunctionUrlConfig", urls.GetAsync),
            new("PUT", Urls + "/url", "UpdateFunctionUrlConfig", urls.UpdateAsync),
            new("DELETE", Urls + "/url", "DeleteFunctionUrlConfig", urls.DeleteAsync),
            new("GET", Urls + "/urls", "ListFunctionUrlConfigs", urls.ListAsync),
        ];
    }
}
