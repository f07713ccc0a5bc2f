using Collab.Grains.Audit;
using Collab.Grains.Consultations;
using Collab.Grains.Directory;
using Collab.Grains.Notifications;
using Collab.Grains.Retention;
using Collab.Silo.Audit;
using Collab.Silo.Notifications;
using Collab.Silo.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;

namespace Collab.Silo.Hosting;

/// <summary>The one place that wires a Collab silo: the web app co-hosts it, Collab.Silo runs it alone.</summary>
public static class CollabSiloHosting
{
    /// <summary>The ADO.NET invariant of the Npgsql provider, as Orleans names it.</summary>
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>Reads and validates the settings, then adds PostgreSQL, migrations, the audit trail and an Orleans silo.</summary>
    public static CollabSettings AddCollabSilo(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddCollabCore();
        builder.Services.AddSingleton<AuditRetention>();
        builder.Services.AddHostedService<AuditRetentionService>();
        builder.Services.AddSingleton<Compliance.UnusualAccessDetector>();
        builder.Services.AddHostedService<Compliance.UnusualAccessService>();
        builder.UseOrleans(silo => silo
            .UseCollabClustering(settings)
            .AddCollabStorage(settings.Database));
        return settings;
    }

    /// <summary>An Orleans client instead of a silo (a web node in a cluster of dedicated silos).</summary>
    public static CollabSettings AddCollabClient(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddCollabCore();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.Cluster.ClusterId;
                o.ServiceId = settings.Cluster.ServiceId;
            });
            if (settings.Cluster.Tls is { } tls)
            {
                var certificate = ClusterCertificate.LoadOrCreate(tls.CertificatePath, tls.CertificatePassword);
                client.UseTls(certificate.Certificate, certificate.Configure);
            }

            if (settings.Cluster.Mode == ClusterMode.Local)
            {
                client.UseLocalhostClustering(settings.Cluster.GatewayPort, settings.Cluster.ServiceId, settings.Cluster.ClusterId);
            }
            else
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = AdoNetInvariant;
                    o.ConnectionString = settings.Database.EffectiveConnectionString();
                });
            }
        });
        return settings;
    }

    private static CollabSettings AddCollabCore(this IHostApplicationBuilder builder)
    {
        var settings = CollabSettings.Load(builder.Configuration);
        builder.AddCollabLogging(settings.LogFormat);
        builder.Services.AddCollabServices(settings);
        // Registered before Orleans: hosted services start in order, and Orleans reads its queries
        // from the schema at start-up.
        builder.Services.AddHostedService<SchemaMigrationService>();
        builder.Services.AddHostedService<Notifications.OutboxWarning>();
        builder.Services.AddSingleton<PostgresConnectionWatch>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PostgresConnectionWatch>());
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready])
            .AddCheck<OrleansHealthCheck>("orleans", tags: [HealthTags.Ready]);
        return settings;
    }

    /// <summary>The adapters behind the grains' ports, and the PostgreSQL plumbing they share.</summary>
    public static IServiceCollection AddCollabServices(this IServiceCollection services, CollabSettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddSingleton(settings.Audit);
        services.AddSingleton(settings.UnusualAccess);
        services.AddSingleton(new Grains.Notifications.PublicLinks(settings.PublicUrl));
        services.AddSingleton(_ => NpgsqlDataSource.Create(settings.Database.EffectiveConnectionString()));
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton(_ => AuditSigningKey.LoadOrCreate(settings.Audit.SigningKeyPath));
        services.AddSingleton<PostgresAuditTrail>();
        services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<PostgresAuditTrail>());
        services.AddSingleton<AuditVerifier>();
        services.AddSingleton<IAuditQuery, PostgresAuditQuery>();
        services.AddSingleton<IEncryptedItemLog, PostgresEncryptedItemLog>();
        services.AddSingleton<IConsultationIndex, PostgresConsultationIndex>();
        services.AddSingleton<Grains.Statistics.IStatisticsStore, PostgresStatisticsStore>();
        services.AddSingleton<IAttachmentStore, PostgresAttachmentStore>();
        services.AddSingleton<IContentShredder, PostgresContentShredder>();
        services.AddSingleton<Grains.Mailboxes.IMailStore, PostgresMailStore>();
        services.AddSingleton(new Grains.Mailboxes.MailAddresses(settings.Mail.Domain));
        services.AddSingleton(settings.Mail);
        services.AddSingleton<ICertificateSigner>(sp => sp.GetRequiredService<AuditSigningKey>());
        services.TryAddSingleton(new Grains.Discussions.DiscussionNoticeOptions());
        services.AddSingleton<IDirectory, PostgresDirectory>();
        Knowledge.KnowledgeHosting.AddCollabKnowledge(services, settings.Knowledge);
        services.AddSingleton(settings.Video);
        if (settings.Video.Twilio is { } twilioVideo)
        {
            services.AddSingleton(twilioVideo);
            services.AddSingleton<Grains.Calls.IVideoCalls>(sp => new Calls.TwilioVideoCalls(twilioVideo, sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.AddSingleton<Grains.Calls.IVideoCalls, Calls.EmbeddedVideoCalls>();
        }
        // Email and SMS: the production adapters when configured, the development outbox otherwise.
        services.AddSingleton<DevelopmentOutbox>();
        if (settings.Smtp is { } smtp)
        {
            services.AddSingleton<IEmailSender>(new SmtpEmailSender(smtp));
        }
        else
        {
            services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<DevelopmentOutbox>());
        }

        if (settings.Twilio is { } twilio)
        {
            services.AddSingleton<ISmsSender>(new TwilioSmsSender(twilio));
        }
        else
        {
            services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<DevelopmentOutbox>());
        }
        return services;
    }

    // A silo is declared dead after three missed one-second probes (and the votes).
    private const int MissedProbes = 3;
    private static readonly TimeSpan FailureDetection = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Localhost clustering in one-process mode, ADO.NET clustering on PostgreSQL in cluster mode. Silos listen on
    /// the advertised address only, and with <c>Cluster:Tls:Enabled</c> accept only peers holding the cluster certificate.
    /// </summary>
    public static ISiloBuilder UseCollabClustering(this ISiloBuilder silo, CollabSettings settings)
    {
        var cluster = settings.Cluster;
        // The grain directory that recovers a dead silo's share of the directory from the living silos (Orleans'
        // DistributedGrainDirectory) rather than the default one, which loses it: a grain whose entry was held by a
        // silo killed under load was activated a second time while its first activation lived on, and the nodes'
        // live subscriptions stayed with the first — a conversation went quiet until the next renewal (ADR 0018).
#pragma warning disable ORLEANSEXP003 // marked for evaluation in Orleans 10; what it changes is measured in docs/benchmarks.md
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        // Its safety lease (a dead silo's grains are not activated again for 20 s from its failure, in case it still
        // runs) held conversations 20 s after a kill: it ends when the silo is declared dead (ADR 0018).
        silo.Configure<GrainDirectoryOptions>(o => o.RangeLeaseDuration = FailureDetection);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        if (cluster.Tls is { } tls)
        {
            var certificate = ClusterCertificate.LoadOrCreate(tls.CertificatePath, tls.CertificatePassword);
            silo.UseTls(certificate.Certificate, certificate.Configure);
        }

        if (cluster.Mode == ClusterMode.Local)
        {
            return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, null, cluster.ServiceId, cluster.ClusterId);
        }

        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = settings.Database.EffectiveConnectionString();
        });
        // A silo that died is declared dead after three missed one-second probes (Orleans' default is five-second
        // probes: up to 15 s during which the grains it held answer nobody); a silo slowed down by its machine gets
        // longer probes (ExtendProbeTimeoutDuringDegradation) rather than a false death.
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = FailureDetection / MissedProbes;
            o.NumMissedProbesLimit = MissedProbes;
        });
        // Bound to the address other silos reach, not to every interface of the machine (docs/security.md, "Network").
        return cluster.AdvertisedAddress is { } address
            ? silo.ConfigureEndpoints(address, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false)
            : silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
    }

    /// <summary>Grain state and reminders in PostgreSQL through the ADO.NET providers.</summary>
    public static ISiloBuilder AddCollabStorage(this ISiloBuilder silo, DatabaseOptions database)
    {
        var connectionString = database.EffectiveConnectionString();
        silo.AddAdoNetGrainStorage(Grains.StorageNames.Collab, o =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = connectionString;
            o.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer();
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = connectionString;
        });
        RideOutRestarts(silo.Services);
        silo.AddIncomingGrainCallFilter<DatabaseOutageFilter>();
        return silo;
    }

    /// <summary>Wraps Orleans' grain storage and reminder table so that a PostgreSQL restart does not fail them (<see cref="PostgresOutage"/>).</summary>
    private static void RideOutRestarts(IServiceCollection services)
    {
        var storage = services.Single(d => d.ServiceType == typeof(Orleans.Storage.IGrainStorage) && Equals(d.ServiceKey, Grains.StorageNames.Collab));
        var createStorage = storage.KeyedImplementationFactory!;
        services.Remove(storage);
        services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(Grains.StorageNames.Collab, (sp, key) =>
            new RestartProofStorage((Orleans.Storage.IGrainStorage)createStorage(sp, key), sp.GetRequiredService<NpgsqlDataSource>()));

        var reminders = services.Single(d => d.ServiceType == typeof(IReminderTable));
        services.Remove(reminders);
        services.AddSingleton<IReminderTable>(sp =>
            new RestartProofReminderTable((IReminderTable)ActivatorUtilities.CreateInstance(sp, reminders.ImplementationType!), sp.GetRequiredService<NpgsqlDataSource>()));
    }
}

/// <summary>Applies pending migrations before Orleans starts.</summary>
internal sealed class SchemaMigrationService(SchemaMigrator migrator, CollabSettings settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await migrator.ApplyAsync(cancellationToken);
        }
        catch (NpgsqlException e) when (e.InnerException is System.Net.Sockets.SocketException or TimeoutException || e.SqlState is null && e is not PostgresException)
        {
            // One line naming the setting, not a stack trace: the usual cause is a wrong host or a database not up yet.
            var target = new NpgsqlConnectionStringBuilder(settings.Database.ConnectionString);
            throw new InvalidSettingException("Database:ConnectionString", $"cannot reach PostgreSQL at {target.Host}:{target.Port} ({e.Message})");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
