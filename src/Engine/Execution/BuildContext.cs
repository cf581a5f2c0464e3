using Microsoft.Extensions.Logging;
using Pipeline.Engine.Output;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Tools;

namespace Pipeline.Engine.Execution;

/// <summary>The running session's services, handed to the build.</summary>
internal sealed record BuildContext(
    AbsolutePath Root,
    BuildHost Host,
    ParameterValues Parameters,
    SecretMasker Masker,
    ToolRunner Tools,
    ILoggerFactory LoggerFactory,
    TextWriter Output);
