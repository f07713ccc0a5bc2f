using Collab.Silo.Audit;
using Collab.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Collab.Silo;

/// <summary>
/// A dedicated silo (cluster mode), with health endpoints for its orchestrator; also the home of
/// operator commands such as <c>audit verify</c>.
/// </summary>
public static class SiloProgram
{
    public static Task<int> Main(string[] args) => args is ["audit", "verify", .. var rest]
        ? CollabProgram.RunAsync(() => VerifyAuditAsync(rest))
        : CollabProgram.RunAsync(() => RunSiloAsync(args));

    private static async Task<int> RunSiloAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddCollabConfiguration(args);
        builder.AddCollabSilo();
        var app = builder.Build();
        app.MapCollabHealth();
        await app.RunAsync();
        return 0;
    }

    /// <summary>Prints "OK: N events in M segments", or the first broken event and exit code 1.</summary>
    private static async Task<int> VerifyAuditAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddCollabConfiguration(args).Build();
        var settings = CollabSettings.Load(configuration);
        if (!File.Exists(settings.Audit.SigningKeyPath))
        {
            throw new InvalidSettingException("Audit:SigningKeyPath", $"no key file at {Path.GetFullPath(settings.Audit.SigningKeyPath)}");
        }

        await using var dataSource = NpgsqlDataSource.Create(settings.Database.EffectiveConnectionString());
        var verifier = new AuditVerifier(dataSource, AuditSigningKey.LoadOrCreate(settings.Audit.SigningKeyPath));
        try
        {
            var result = await verifier.VerifyAsync();
            Console.WriteLine(result);
            return result.IsIntact ? 0 : 1;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            await Console.Error.WriteLineAsync("This database has no audit trail yet: start the platform once to apply its migrations.");
            return 2;
        }
    }
}
