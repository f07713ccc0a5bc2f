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
    public static Task<int> Main(string[] args) => args switch
    {
        ["audit", "verify", .. var rest] => CollabProgram.RunAsync(() => VerifyAuditAsync(rest)),
        ["audit", "certificate", var objectId, .. var rest] => CollabProgram.RunAsync(() => ShowCertificatesAsync(objectId, rest)),
        ["audit", "public-key", .. var rest] => CollabProgram.RunAsync(() => ShowPublicKeyAsync(rest)),
        ["knowledge", "reindex", .. var rest] => CollabProgram.RunAsync(() => ReindexKnowledgeAsync(rest)),
        _ => CollabProgram.RunAsync(() => RunSiloAsync(args)),
    };

    private static async Task<int> RunSiloAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddCollabConfiguration(args);
        builder.AddCollabSilo();
        var app = builder.Build();
        app.MapCollabHealth();
        // How many activations of each grain type this silo holds (counts only), on its own health port: what an
        // operator, or the chaos scenario, looks at to see where the load sits.
        app.MapGet("/health/activations", async (IGrainFactory grains, ILocalSiloDetails local) =>
            (await grains.Grain<IManagementGrain>(0).GetSimpleGrainStatistics([local.SiloAddress]))
                .GroupBy(s => s.GrainType).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount)));
        await app.RunAsync();
        return 0;
    }

    /// <summary>Prints "OK: N events in M segments", or the first broken event and exit code 1.</summary>
    private static async Task<int> VerifyAuditAsync(string[] args)
    {
        var (settings, key) = AuditKey(args);
        await using var dataSource = NpgsqlDataSource.Create(settings.Database.EffectiveConnectionString());
        var verifier = new AuditVerifier(dataSource, key, TimeProvider.System);
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

    /// <summary>Prints each deletion certificate filed under the object, whether its signature holds, then the chain's verification.</summary>
    private static async Task<int> ShowCertificatesAsync(string objectId, string[] args)
    {
        var (settings, key) = AuditKey(args);
        await using var dataSource = NpgsqlDataSource.Create(settings.Database.EffectiveConnectionString());
        var found = await DeletionCertificates.FindAsync(dataSource, key, objectId);
        if (found.Count == 0)
        {
            await Console.Error.WriteLineAsync($"No deletion certificate for {objectId}.");
            return 1;
        }

        foreach (var check in found)
        {
            Console.WriteLine(check.Signed.ToJson());
            Console.WriteLine(check.IsValid ? $"signature: OK (audit key {key.KeyId})" : $"signature: BROKEN ({check.Problem})");
        }

        var chain = await new AuditVerifier(dataSource, key, TimeProvider.System).VerifyAsync();
        Console.WriteLine($"audit trail: {chain}");
        return found.All(c => c.IsValid) && chain.IsIntact ? 0 : 1;
    }

    /// <summary>The audit public key (Base64) and its id: what a third party needs to check certificates and segment heads.</summary>
    private static Task<int> ShowPublicKeyAsync(string[] args)
    {
        var (_, key) = AuditKey(args);
        Console.WriteLine($"{key.KeyId} ed25519 {Convert.ToBase64String(key.PublicKey)}");
        return Task.FromResult(0);
    }

    /// <summary>Rebuilds the Elasticsearch index from the documents recorded in PostgreSQL; prints how many.</summary>
    private static async Task<int> ReindexKnowledgeAsync(string[] args)
    {
        var settings = CollabSettings.Load(new ConfigurationBuilder().AddCollabConfiguration(args).Build());
        if (settings.Knowledge.ElasticsearchUrl is not { } url)
        {
            await Console.Error.WriteLineAsync("Knowledge:Elasticsearch:Url is not set: the PostgreSQL index needs no re-indexing.");
            return 2;
        }

        await using var dataSource = NpgsqlDataSource.Create(settings.Database.EffectiveConnectionString());
        var search = new Knowledge.ElasticsearchKnowledgeIndex(Knowledge.KnowledgeHosting.Client(settings.Knowledge, url), settings.Knowledge.IndexName);
        var count = await Knowledge.RecordedKnowledgeIndex.ReindexAsync(new Knowledge.PostgresKnowledgeIndex(dataSource), search);
        Console.WriteLine($"OK: {count} documents indexed in {settings.Knowledge.IndexName} at {url}");
        return 0;
    }

    private static (CollabSettings Settings, AuditSigningKey Key) AuditKey(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddCollabConfiguration(args).Build();
        var settings = CollabSettings.Load(configuration);
        if (!File.Exists(settings.Audit.SigningKeyPath))
        {
            throw new InvalidSettingException("Audit:SigningKeyPath", $"no key file at {Path.GetFullPath(settings.Audit.SigningKeyPath)}");
        }

        return (settings, AuditSigningKey.LoadOrCreate(settings.Audit.SigningKeyPath));
    }
}
