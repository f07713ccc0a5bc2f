using Collab.Grains.Knowledge;
using Collab.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Collab.Silo.Knowledge;

/// <summary>The knowledge index behind its port: PostgreSQL by default; recorded in PostgreSQL and searched in Elasticsearch when configured.</summary>
public static partial class KnowledgeHosting
{
    public static IServiceCollection AddCollabKnowledge(this IServiceCollection services, KnowledgeSettings settings)
    {
        services.AddSingleton<IKnowledgePseudonyms>(_ => KnowledgePepper.LoadOrCreate(settings.PepperPath, settings.IndexName));
        services.AddSingleton<PostgresKnowledgeIndex>();
        if (settings.ElasticsearchUrl is { } url)
        {
            services.AddSingleton(_ => new ElasticsearchKnowledgeIndex(Client(settings, url), settings.IndexName));
            services.AddSingleton<IKnowledgeIndex, RecordedKnowledgeIndex>();
            services.AddHostedService<TemplateAtStartup>();
        }
        else
        {
            services.AddSingleton<IKnowledgeIndex>(sp => sp.GetRequiredService<PostgresKnowledgeIndex>());
        }

        return services;
    }

    /// <summary>The Elasticsearch client the settings describe.</summary>
    public static Elastic.Clients.Elasticsearch.ElasticsearchClient Client(KnowledgeSettings settings, Uri url) =>
        ElasticsearchKnowledgeIndex.Client(
            url, settings.ElasticsearchApiKey,
            basic: settings.ElasticsearchUsername is { } user ? (user, settings.ElasticsearchPassword!) : null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Elasticsearch index template could not be applied at start-up; searches fail until it can: {Reason}")]
    private static partial void LogTemplateFailed(ILogger logger, string reason);

    /// <summary>Applies the index template at start-up (a failure is logged, not fatal: the cluster may come later).</summary>
    private sealed class TemplateAtStartup(ElasticsearchKnowledgeIndex index, ILogger<ElasticsearchKnowledgeIndex> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await index.ApplyTemplateAsync(cancellationToken);
            }
            catch (KnowledgeIndexException e)
            {
                LogTemplateFailed(logger, e.Message);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
