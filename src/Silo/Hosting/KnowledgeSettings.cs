using Microsoft.Extensions.Configuration;

namespace Collab.Silo.Hosting;

/// <summary>
/// The knowledge base (<c>Knowledge:*</c>, README "Settings"): the pepper file its pseudonyms are keyed with (outside the
/// database; created on first run), the index name (part of every pseudonym), and the Elasticsearch cluster when set
/// (PostgreSQL full-text search otherwise).
/// </summary>
public sealed record KnowledgeSettings(
    string PepperPath, string IndexName, Uri? ElasticsearchUrl = null, string? ElasticsearchApiKey = null, string? ElasticsearchUsername = null, string? ElasticsearchPassword = null)
{
    /// <summary>The settings when none is given: the pepper in the repository's ignored folder, PostgreSQL search.</summary>
    public static KnowledgeSettings Default { get; } = new(Path.Combine(".collab", "keys", "knowledge-pepper.key"), "collab-knowledge");

    public static KnowledgeSettings Read(IConfiguration configuration)
    {
        var index = configuration.ReadText("Knowledge:IndexName", Default.IndexName);
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

        var username = configuration["Knowledge:Elasticsearch:Username"];
        var password = configuration.ReadSecretFile("Knowledge:Elasticsearch:PasswordFile");

        if ((username is null) != (password is null))
        {
            throw new InvalidSettingException("Knowledge:Elasticsearch:Username", "goes with Knowledge:Elasticsearch:PasswordFile (basic authentication), or use Knowledge:Elasticsearch:ApiKey");
        }

        return new KnowledgeSettings(
            configuration.ReadText("Knowledge:PepperPath", Default.PepperPath),
            index,
            url,
            configuration["Knowledge:Elasticsearch:ApiKey"],
            username,
            password);
    }
}
