using Microsoft.Extensions.Configuration;

namespace Collab.Silo.Hosting;

/// <summary>
/// The knowledge base (<c>Knowledge:*</c>, README "Settings"): the pepper file its pseudonyms are keyed with (outside the
/// database; created on first run), the index name (part of every pseudonym), and the Elasticsearch cluster when set
/// (PostgreSQL full-text search otherwise).
/// </summary>
public sealed record KnowledgeSettings(string PepperPath, string IndexName, Uri? ElasticsearchUrl = null, string? ElasticsearchApiKey = null)
{
    public static KnowledgeSettings Read(IConfiguration configuration)
    {
        var index = configuration.ReadText("Knowledge:IndexName", "collab-knowledge");
        if (!System.Text.RegularExpressions.Regex.IsMatch(index, "^[a-z0-9][a-z0-9_-]{0,99}$"))
        {
            throw new InvalidSettingException("Knowledge:IndexName", "must be lower-case letters, digits, - or _ (an Elasticsearch index name), such as collab-knowledge");
        }

        Uri? url = null;
        if (configuration["Knowledge:Elasticsearch:Url"] is { } text)
        {
            url = Uri.TryCreate(text, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp)
                ? parsed
                : throw new InvalidSettingException("Knowledge:Elasticsearch:Url", "must be the http(s) address of the Elasticsearch cluster, such as https://search.internal:9200");
        }

        return new KnowledgeSettings(
            configuration.ReadText("Knowledge:PepperPath", Path.Combine(".collab", "keys", "knowledge-pepper.key")),
            index,
            url,
            configuration["Knowledge:Elasticsearch:ApiKey"]);
    }
}
