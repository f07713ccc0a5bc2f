using Collab.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Collab.Testing;

/// <summary>Test clusters wired like production: our adapters, ADO.NET storage and reminders on a test database.</summary>
public static class TestSilos
{
    public static CollabSettings Settings(TestDatabase database, IDictionary<string, string?>? extra = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Audit:SigningKeyPath"] = Path.Combine(Path.GetTempPath(), "collab-tests", database.Name, "audit-signing.key"),
            ["Knowledge:PepperPath"] = Path.Combine(Path.GetTempPath(), "collab-tests", database.Name, "knowledge-pepper.key"),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return CollabSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }

    /// <summary>Silo set-up that gives grains <paramref name="clock"/>; Orleans' own timers stay on real time.</summary>
    public static Action<ISiloBuilder> WithClock(TimeProvider clock) => silo =>
    {
        silo.Services.AddSingleton(clock);
        silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
    };

    /// <summary>An in-process cluster (TestingHost) whose grain state and reminders live in <paramref name="database"/>.</summary>
    public static InProcessTestClusterBuilder Cluster(TestDatabase database, short silos = 1, Action<ISiloBuilder>? configure = null)
    {
        var settings = Settings(database);
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCollabServices(settings);
            silo.AddCollabStorage(settings.Database);
            configure?.Invoke(silo);
        });
        return builder;
    }
}
