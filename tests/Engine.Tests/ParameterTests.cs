using Pipeline.Engine.Parameters;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Tests;

public sealed class ParameterTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    public enum Stage
    {
        Dev,
        Staging,
        Production,
    }

    private sealed class Build : PipelineBuild
    {
        [Parameter("Where to deploy")]
        public string Environment = "default";

        [Parameter]
        public int Retries { get; set; } = 1;

        [Parameter]
        public bool Verify;

        [Parameter]
        public Stage Stage = Stage.Dev;

        [Parameter]
        public string[] Regions = [];

        [Parameter]
        public AbsolutePath? OutputPath;

        [Parameter]
        public TimeSpan Timeout = TimeSpan.FromMinutes(1);

        public Target Show => _ => _.Executes(() => { });
    }

    private Build Bind(params string[] args)
    {
        var build = new Build();
        var code = _harness.Run(build, ["Show", .. args]);
        Assert.True(code == 0, _harness.Output);
        return build;
    }

    [Fact]
    public void Precedence_is_command_line_then_environment_then_profile_then_parameters_json_then_default()
    {
        Assert.Equal("default", Bind().Environment);

        _harness.WriteFile(".nuke/parameters.json", """{ "Environment": "from-json" }""");
        Assert.Equal("from-json", Bind().Environment);

        _harness.WriteFile(".nuke/parameters.ci.json", """{ "Environment": "from-profile" }""");
        Assert.Equal("from-json", Bind().Environment);
        Assert.Equal("from-profile", Bind("--profile", "ci").Environment);

        _harness.Environment["PIPELINE_ENVIRONMENT"] = "from-env";
        Assert.Equal("from-env", Bind("--profile", "ci").Environment);

        Assert.Equal("from-cli", Bind("--profile", "ci", "--environment", "from-cli").Environment);
    }

    [Theory]
    [InlineData("PIPELINE_RETRIES")]
    [InlineData("pipeline_retries")]
    [InlineData("PIPELINE_Re_Tries")]
    public void Environment_variables_match_case_and_underscore_insensitively_after_the_prefix(string name)
    {
        _harness.Environment[name] = "7";
        Assert.Equal(7, Bind().Retries);
    }

    [Theory]
    [InlineData("ENVIRONMENT")]
    [InlineData("environment")]
    [InlineData("PIPELINEENVIRONMENT")]
    [InlineData("MY_PIPELINE_ENVIRONMENT")]
    public void Variables_without_the_prefix_never_bind(string name)
    {
        _harness.Environment[name] = "production";
        Assert.Equal("default", Bind().Environment);
    }

    [Fact]
    public void A_variable_the_parameter_declares_binds_after_the_prefixed_one()
    {
        var withToken = new BuildWithToken();
        _harness.Environment["TOKEN"] = "not-declared";
        _harness.Environment["GITHUB_TOKEN"] = "from-ci";
        Assert.Equal(0, _harness.Run(withToken, "Show"));
        Assert.Equal("from-ci", withToken.Token);

        _harness.Environment["PIPELINE_TOKEN"] = "from-pipeline";
        var again = new BuildWithToken();
        Assert.Equal(0, _harness.Run(again, "Show"));
        Assert.Equal("from-pipeline", again.Token);
        Assert.Contains("env PIPELINE_TOKEN or GITHUB_TOKEN", Help(new BuildWithToken()), StringComparison.Ordinal);
    }

    private string Help(PipelineBuild build)
    {
        Assert.Equal(0, _harness.Run(build, "--help"));
        return _harness.Output;
    }

    private sealed class BuildWithToken : PipelineBuild
    {
        [Parameter("A token CI provides", EnvironmentVariables = ["GITHUB_TOKEN"])]
        public string? Token;

        public Target Show => _ => _.Executes(() => { });
    }

    [Fact]
    public void Values_are_converted_to_the_member_type()
    {
        var build = Bind("--retries", "3", "--verify", "--stage", "PRODUCTION", "--regions", "eu-west-1", "us-east-1", "--output-path", "out/x", "--timeout", "00:00:05");

        Assert.Equal(3, build.Retries);
        Assert.True(build.Verify);
        Assert.Equal(Stage.Production, build.Stage);
        Assert.Equal(["eu-west-1", "us-east-1"], build.Regions);
        Assert.Equal(Path.Combine(_harness.Root, "out", "x"), build.OutputPath!.Value);
        Assert.Equal(TimeSpan.FromSeconds(5), build.Timeout);
    }

    [Fact]
    public void Arrays_come_comma_separated_from_the_environment_and_as_arrays_from_json()
    {
        _harness.Environment["PIPELINE_REGIONS"] = "a, b";
        Assert.Equal(["a", "b"], Bind().Regions);

        _harness.Environment.Clear();
        _harness.WriteFile(".nuke/parameters.json", """{ "regions": ["x", "y"], "verify": true, "retries": 4 }""");
        var build = Bind();
        Assert.Equal(["x", "y"], build.Regions);
        Assert.True(build.Verify);
        Assert.Equal(4, build.Retries);
    }

    [Fact]
    public void Equals_sign_syntax_works()
    {
        Assert.Equal(9, Bind("--retries=9").Retries);
    }

    [Theory]
    [InlineData(new[] { "--retries", "many" }, "error: Parameter --retries: 'many' is not a whole number (from the command line).")]
    [InlineData(new[] { "--stage", "qa" }, "error: Parameter --stage: 'qa' is not one of dev, staging, production (from the command line).")]
    [InlineData(new[] { "--retries", "1", "2" }, "error: Parameter --retries takes one value but got 2: 1 2 (from the command line).")]
    [InlineData(new[] { "--retrys", "1" }, "error: Unknown parameter 'retrys' (from the command line). Did you mean --retries? Run --help to list parameters.")]
    [InlineData(new[] { "--profile" }, "error: Option --profile needs a name: --profile <name> reads .nuke/parameters.<name>.json (nothing ran).")]
    [InlineData(new[] { "--profile=" }, "error: Option --profile needs a name: --profile <name> reads .nuke/parameters.<name>.json (nothing ran).")]
    [InlineData(new[] { "--profile", "--retries", "2" }, "error: Option --profile needs a name: --profile <name> reads .nuke/parameters.<name>.json (nothing ran).")]
    [InlineData(new[] { "--profile", "nope" }, "error: Profile 'nope' not found: .nuke/parameters.nope.json does not exist (profiles here: none).")]
    public void Bad_values_give_one_line_and_exit_code_1(string[] args, string expected)
    {
        var build = new Build();
        Assert.Equal(1, _harness.Run(build, ["Show", .. args]));
        Assert.Equal(expected, Assert.Single(_harness.Lines));
    }

    [Fact]
    public void A_wrong_type_in_the_environment_names_the_source()
    {
        _harness.Environment["PIPELINE_RETRIES"] = "x";
        Assert.Equal(1, _harness.Run(new Build(), "Show"));
        Assert.Equal("error: Parameter --retries: 'x' is not a whole number (from environment variable PIPELINE_RETRIES).", Assert.Single(_harness.Lines));
    }

    [Fact]
    public void Malformed_parameters_json_names_file_line_and_column()
    {
        _harness.WriteFile(".nuke/parameters.json", "{\n  \"Environment\": \"x\"\n  \"Retries\": 2\n}\n");
        Assert.Equal(1, _harness.Run(new Build(), "Show"));
        var line = Assert.Single(_harness.Lines);
        Assert.StartsWith("error: .nuke/parameters.json:3:3: malformed JSON (", line, StringComparison.Ordinal);
        Assert.EndsWith("Fix the file or delete it.", line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_in_parameters_json_is_refused_with_a_suggestion()
    {
        _harness.WriteFile(".nuke/parameters.json", """{ "Enviroment": "x" }""");
        Assert.Equal(1, _harness.Run(new Build(), "Show"));
        Assert.Equal(
            "error: Unknown parameter 'enviroment' (from .nuke/parameters.json). Did you mean --environment? Run --help to list parameters.",
            Assert.Single(_harness.Lines));
    }

    [Fact]
    public void Names_convert_between_spellings()
    {
        Assert.Equal("coverage-threshold", ParameterNames.Kebab("CoverageThreshold"));
        Assert.Equal("aws-region", ParameterNames.Kebab("AWSRegion"));
        Assert.Equal("coveragethreshold", ParameterNames.Normalize("--Coverage_Threshold"));
    }
}
