namespace Pipeline.Aws.Lambda;

/// <summary>
/// The Lambda operations the client implements and where their members travel (the model's <c>http</c> and member
/// <c>location</c>s, checked against the model and botocore by the tests). <see cref="All"/> is what they walk.
/// </summary>
internal static class LambdaOperations
{
    private const string Functions = "/2015-03-31/functions";

    private static readonly Dictionary<string, string> QualifierQuery = new() { ["Qualifier"] = "Qualifier" };

    private static readonly Dictionary<string, string> PagingQuery = new() { ["Marker"] = "Marker", ["MaxItems"] = "MaxItems" };

    public static readonly AwsOperation<CreateFunctionRequest, FunctionConfiguration> CreateFunction =
        new("CreateFunction", Context.CreateFunctionRequest, Context.FunctionConfiguration) { Http = new("POST", Functions) };

    public static readonly AwsOperation<GetFunctionRequest, GetFunctionResponse> GetFunction =
        new("GetFunction", Context.GetFunctionRequest, Context.GetFunctionResponse)
        {
            Http = new("GET", $"{Functions}/{{FunctionName}}") { Query = QualifierQuery },
        };

    public static readonly AwsOperation<GetFunctionConfigurationRequest, FunctionConfiguration> GetFunctionConfiguration =
        new("GetFunctionConfiguration", Context.GetFunctionConfigurationRequest, Context.FunctionConfiguration)
        {
            Http = new("GET", $"{Functions}/{{FunctionName}}/configuration") { Query = QualifierQuery },
        };

    public static readonly AwsOperation<UpdateFunctionCodeRequest, FunctionConfiguration> UpdateFunctionCode =
        new("UpdateFunctionCode", Context.UpdateFunctionCodeRequest, Context.FunctionConfiguration) { Http = new("PUT", $"{Functions}/{{FunctionName}}/code") };

    public static readonly AwsOperation<UpdateFunctionConfigurationRequest, FunctionConfiguration> UpdateFunctionConfiguration =
        new("UpdateFunctionConfiguration", Context.UpdateFunctionConfigurationRequest, Context.FunctionConfiguration)
        {
            Http = new("PUT", $"{Functions}/{{FunctionName}}/configuration"),
        };

    public static readonly AwsOperation<PublishVersionRequest, FunctionConfiguration> PublishVersion =
        new("PublishVersion", Context.PublishVersionRequest, Context.FunctionConfiguration) { Http = new("POST", $"{Functions}/{{FunctionName}}/versions") };

    public static readonly AwsOperation<ListVersionsByFunctionRequest, ListVersionsByFunctionResponse> ListVersionsByFunction =
        new("ListVersionsByFunction", Context.ListVersionsByFunctionRequest, Context.ListVersionsByFunctionResponse)
        {
            Http = new("GET", $"{Functions}/{{FunctionName}}/versions") { Query = PagingQuery },
        };

    public static readonly AwsOperation<CreateAliasRequest, AliasConfiguration> CreateAlias =
        new("CreateAlias", Context.CreateAliasRequest, Context.AliasConfiguration) { Http = new("POST", $"{Functions}/{{FunctionName}}/aliases") };

    public static readonly AwsOperation<GetAliasRequest, AliasConfiguration> GetAlias =
        new("GetAlias", Context.GetAliasRequest, Context.AliasConfiguration) { Http = new("GET", $"{Functions}/{{FunctionName}}/aliases/{{Name}}") };

    public static readonly AwsOperation<UpdateAliasRequest, AliasConfiguration> UpdateAlias =
        new("UpdateAlias", Context.UpdateAliasRequest, Context.AliasConfiguration) { Http = new("PUT", $"{Functions}/{{FunctionName}}/aliases/{{Name}}") };

    public static readonly AwsOperation<ListAliasesRequest, ListAliasesResponse> ListAliases =
        new("ListAliases", Context.ListAliasesRequest, Context.ListAliasesResponse)
        {
            Http = new("GET", $"{Functions}/{{FunctionName}}/aliases") { Query = new Dictionary<string, string>(PagingQuery) { ["FunctionVersion"] = "FunctionVersion" } },
        };

    public static readonly AwsOperation<DeleteFunctionRequest, DeleteFunctionResponse> DeleteFunction =
        new("DeleteFunction", Context.DeleteFunctionRequest, Context.DeleteFunctionResponse)
        {
            Http = new("DELETE", $"{Functions}/{{FunctionName}}") { Query = QualifierQuery, ResponseStatusCode = "StatusCode" },
        };

    /// <summary>IAM calls it <c>lambda:InvokeFunction</c>.</summary>
    public static readonly AwsOperation<InvokeRequest, InvokeResponse> Invoke =
        new("Invoke", Context.InvokeRequest, Context.InvokeResponse)
        {
            IamAction = "InvokeFunction",
            Http = new("POST", $"{Functions}/{{FunctionName}}/invocations")
            {
                Query = QualifierQuery,
                Headers = new Dictionary<string, string>
                {
                    ["InvocationType"] = "X-Amz-Invocation-Type",
                    ["LogType"] = "X-Amz-Log-Type",
                    ["ClientContext"] = "X-Amz-Client-Context",
                },
                Payload = "Payload",
                ResponseStatusCode = "StatusCode",
                ResponseHeaders = new Dictionary<string, string>
                {
                    ["FunctionError"] = "X-Amz-Function-Error",
                    ["LogResult"] = "X-Amz-Log-Result",
                    ["ExecutedVersion"] = "X-Amz-Executed-Version",
                },
                ResponsePayload = "Payload",
            },
        };

    public static readonly AwsOperation<CreateFunctionUrlConfigRequest, CreateFunctionUrlConfigResponse> CreateFunctionUrlConfig =
        new("CreateFunctionUrlConfig", Context.CreateFunctionUrlConfigRequest, Context.CreateFunctionUrlConfigResponse)
        {
            Http = new("POST", "/2021-10-31/functions/{FunctionName}/url") { Query = QualifierQuery },
        };

    public static IReadOnlyList<IAwsOperation> All =>
    [
        CreateFunction, GetFunction, GetFunctionConfiguration, UpdateFunctionCode, UpdateFunctionConfiguration, PublishVersion,
        ListVersionsByFunction, CreateAlias, GetAlias, UpdateAlias, ListAliases, DeleteFunction, Invoke, CreateFunctionUrlConfig,
    ];

    private static LambdaJsonContext Context => LambdaJsonContext.Default;
}
