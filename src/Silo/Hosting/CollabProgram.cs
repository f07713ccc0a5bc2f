using Microsoft.Extensions.Configuration;

namespace Collab.Silo.Hosting;

/// <summary>What the Web and Silo programs share around their host.</summary>
public static class CollabProgram
{
    /// <summary>Settings come from appsettings, then COLLAB_* environment variables, then the command line.</summary>
    public static IConfigurationBuilder AddCollabConfiguration(this IConfigurationBuilder configuration, string[] args) =>
        configuration.AddEnvironmentVariables("COLLAB_").AddCommandLine(args);

    /// <summary>Runs <paramref name="run"/> for its exit code; a bad setting ends the process with one line and exit code 2.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (InvalidSettingException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }
}
