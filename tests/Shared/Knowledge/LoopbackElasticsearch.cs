using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Collab.Testing.Knowledge;

/// <summary>
/// A loopback HTTP server that speaks the part of Elasticsearch's documented REST API the knowledge adapter uses: index
/// templates, index existence and creation, <c>_bulk</c> (NDJSON), <c>_doc</c> get and delete, and <c>_search</c> with
/// bool queries (multi_match, term, terms, ids), terms aggregations (answered with typed keys, <c>sterms#name</c>),
/// highlights, from/size. It answers as 9.x does where the client checks: the <c>x-elastic-product</c> header on every
/// answer, JSON bodies, gzip request bodies accepted. Its analyser is a stand-in for <c>french</c>: lower case, accents
/// removed, a final s or x dropped. It keeps every request body it received, decompressed, for the index scan.
/// </summary>
public sealed class LoopbackElasticsearch : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _indices = [];
    private readonly object _gate = new();

    private LoopbackElasticsearch(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Every request, method, path and body as received (decompressed).</summary>
    public List<(string Method, string Path, string Body)> Received { get; } = [];

    /// <summary>The index templates put, by name.</summary>
    public Dictionary<string, JsonNode> Templates { get; } = [];

    /// <summary>When set, every answer is this status with an error body (to see the adapter's error handling).</summary>
    public HttpStatusCode? FailWith { get; set; }

    public static async Task<LoopbackElasticsearch> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackElasticsearch(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Url = new Uri(app.Urls.First());
        return server;
    }

    /// <summary>The documents an index holds (sources as stored).</summary>
    public IReadOnlyCollection<JsonObject> Documents(string index)
    {
        lock (_gate)
        {
            return _indices.TryGetValue(index, out var docs) ? [.. docs.Values] : [];
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var body = await ReadBodyAsync(http.Request);
        var path = http.Request.Path.Value ?? "/";
        lock (_gate)
        {
            Received.Add((http.Request.Method, path, body));
        }

        http.Response.Headers["x-elastic-product"] = "Elasticsearch";
        if (FailWith is { } failure)
        {
            await AnswerAsync(http, (int)failure, new JsonObject
            {
                ["error"] = new JsonObject { ["type"] = "cluster_block_exception", ["reason"] = "loopback told to fail" },
                ["status"] = (int)failure,
            });
            return;
        }

        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        int status;
        JsonNode? answer;
        try
        {
            (status, answer) = Route(http.Request.Method, parts, body);
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            (status, answer) = (500, Error("loopback_exception", e.Message, 500));
        }

        await AnswerAsync(http, status, answer);
    }

    private (int Status, JsonNode? Answer) Route(string method, string[] parts, string body)
    {
        lock (_gate)
        {
            switch (method, parts)
            {
                case ("PUT", ["_index_template", var name]):
                    Templates[name] = JsonNode.Parse(body)!;
                    return (200, new JsonObject { ["acknowledged"] = true });
                case ("HEAD", [var index]):
                    return (_indices.ContainsKey(index) ? 200 : 404, null);
                case ("PUT", [var index]):
                    if (!_indices.TryAdd(index, []))
                    {
                        return (400, Error("resource_already_exists_exception", $"index [{index}] already exists", 400));
                    }

                    return (200, new JsonObject { ["acknowledged"] = true, ["shards_acknowledged"] = true, ["index"] = index });
                case ("POST" or "PUT", [var index, "_bulk"]):
                    return (200, Bulk(index, body));
                case ("GET", [var index, "_doc", var id]):
                    return Get(index, Uri.UnescapeDataString(id));
                case ("DELETE", [var index, "_doc", var id]):
                    return Delete(index, Uri.UnescapeDataString(id));
                case ("POST" or "GET", [var index, "_search"]):
                    return (200, Search(index, JsonNode.Parse(string.IsNullOrEmpty(body) ? "{}" : body)!.AsObject()));
                default:
                    return (400, Error("illegal_argument_exception", $"the loopback does not serve {method} /{string.Join('/', parts)}", 400));
            }
        }
    }

    private JsonObject Bulk(string index, string body)
    {
        var docs = Index(index);
        var items = new JsonArray();
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            var action = JsonNode.Parse(lines[i])!.AsObject();
            var id = action["index"]!["_id"]!.GetValue<string>();
            var created = !docs.ContainsKey(id);
            docs[id] = JsonNode.Parse(lines[i + 1])!.AsObject();
            items.Add(new JsonObject
            {
                ["index"] = new JsonObject
                {
                    ["_index"] = index,
                    ["_id"] = id,
                    ["_version"] = 1,
                    ["result"] = created ? "created" : "updated",
                    ["status"] = created ? 201 : 200,
                    ["_shards"] = Shards(),
                    ["_seq_no"] = 0,
                    ["_primary_term"] = 1,
                },
            });
        }

        return new JsonObject { ["took"] = 1, ["errors"] = false, ["items"] = items };
    }

    private (int, JsonNode) Get(string index, string id) =>
        Index(index).TryGetValue(id, out var source)
            ? (200, new JsonObject { ["_index"] = index, ["_id"] = id, ["_version"] = 1, ["_seq_no"] = 0, ["_primary_term"] = 1, ["found"] = true, ["_source"] = source.DeepClone() })
            : (404, new JsonObject { ["_index"] = index, ["_id"] = id, ["found"] = false });

    private (int, JsonNode) Delete(string index, string id)
    {
        var found = Index(index).Remove(id);
        return (found ? 200 : 404, new JsonObject
        {
            ["_index"] = index,
            ["_id"] = id,
            ["_version"] = 2,
            ["result"] = found ? "deleted" : "not_found",
            ["_shards"] = Shards(),
            ["_seq_no"] = 1,
            ["_primary_term"] = 1,
        });
    }

    private JsonObject Search(string index, JsonObject request)
    {
        var docs = Index(index);
        var query = request["query"]?.AsObject();
        var scored = docs.Select(d => (Id: d.Key, Source: d.Value, Score: Score(query, d.Key, d.Value)))
            .Where(d => d.Score is not null)
            .Select(d => (d.Id, d.Source, Score: d.Score!.Value))
            .ToList();
        var ordered = Sort(scored, request["sort"]?.AsArray());
        var from = request["from"]?.GetValue<int>() ?? 0;
        var size = request["size"]?.GetValue<int>() ?? 10;
        var words = Words(query);
        var hits = new JsonArray();
        foreach (var (id, source, score) in ordered.Skip(from).Take(size))
        {
            var hit = new JsonObject { ["_index"] = index, ["_id"] = id, ["_score"] = score, ["_source"] = source.DeepClone() };
            if (request["highlight"] is JsonObject highlight && words.Count > 0)
            {
                var fragments = new JsonObject();
                var fields = highlight["fields"] is JsonArray list ? list.SelectMany(f => f!.AsObject().Select(p => p.Key)) : highlight["fields"]!.AsObject().Select(f => f.Key);
                foreach (var field in fields.ToList())
                {
                    if (Highlight(source[field]?.GetValue<string>() ?? "", words, highlight) is { } marked)
                    {
                        fragments[field] = new JsonArray(marked);
                    }
                }

                if (fragments.Count > 0)
                {
                    hit["highlight"] = fragments;
                }
            }

            hits.Add(hit);
        }

        var answer = new JsonObject
        {
            ["took"] = 1,
            ["timed_out"] = false,
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 },
            ["hits"] = new JsonObject
            {
                ["total"] = new JsonObject { ["value"] = scored.Count, ["relation"] = "eq" },
                ["max_score"] = scored.Count == 0 ? null : scored.Max(s => s.Score),
                ["hits"] = hits,
            },
        };
        if ((request["aggregations"] ?? request["aggs"]) is JsonObject aggregations)
        {
            var results = new JsonObject();
            foreach (var (name, definition) in aggregations)
            {
                var terms = definition!["terms"]!;
                var field = terms["field"]!.GetValue<string>();
                var take = terms["size"]?.GetValue<int>() ?? 10;
                var buckets = scored.SelectMany(s => Values(s.Source, field)).GroupBy(v => v)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
                results["sterms#" + name] = new JsonObject
                {
                    ["doc_count_error_upper_bound"] = 0,
                    ["sum_other_doc_count"] = buckets.Skip(take).Sum(g => g.Count()),
                    ["buckets"] = new JsonArray([.. buckets.Take(take).Select(g => (JsonNode)new JsonObject { ["key"] = g.Key, ["doc_count"] = g.Count() })]),
                };
            }

            answer["aggregations"] = results;
        }

        return answer;
    }

    // A score when the document matches (every must and filter, at least minimum_should_match shoulds, no must_not), else null.
    private static double? Score(JsonObject? query, string id, JsonObject source)
    {
        if (query is null || query.ContainsKey("match_all"))
        {
            return 1;
        }

        if (query["bool"] is JsonObject boolean)
        {
            double score = 0;
            foreach (var clause in Clauses(boolean["must"]))
            {
                if (Score(clause, id, source) is not { } s)
                {
                    return null;
                }

                score += s;
            }

            if (Clauses(boolean["filter"]).Any(c => Score(c, id, source) is null) || Clauses(boolean["must_not"]).Any(c => Score(c, id, source) is not null))
            {
                return null;
            }

            var shoulds = Clauses(boolean["should"]).Select(c => Score(c, id, source)).Where(s => s is not null).ToList();
            var minimum = boolean["minimum_should_match"] is { } m ? int.Parse(m.ToString(), CultureInfo.InvariantCulture) : 0;
            return shoulds.Count < minimum ? null : score + shoulds.Sum(s => s!.Value) + (score == 0 && shoulds.Count == 0 ? 1 : 0);
        }

        if (query["term"] is JsonObject term)
        {
            var (field, value) = term.Single();
            var wanted = value is JsonObject o ? o["value"]!.ToString() : value!.ToString();
            return Values(source, field).Contains(wanted) ? Boost(value) : null;
        }

        if (query["terms"] is JsonObject terms)
        {
            var (field, values) = terms.First(t => t.Key != "boost");
            var shared = values!.AsArray().Select(v => v!.ToString()).Intersect(Values(source, field)).Count();
            return shared > 0 ? shared * (terms["boost"]?.GetValue<double>() ?? 1) : null;
        }

        if (query["ids"] is JsonObject ids)
        {
            return ids["values"]!.AsArray().Any(v => v!.ToString() == id) ? 1 : null;
        }

        if (query["multi_match"] is JsonObject match)
        {
            var words = Analyse(match["query"]!.GetValue<string>());
            var text = match["fields"]!.AsArray().SelectMany(f => Analyse(source[f!.GetValue<string>()]?.GetValue<string>() ?? "")).ToHashSet();
            var found = words.Count(text.Contains);
            var all = match["operator"]?.GetValue<string>() is "and" or "And";
            return all ? (found == words.Count && found > 0 ? found : null) : (found > 0 ? found : null);
        }

        throw new InvalidOperationException("The loopback does not understand this query: " + query.ToJsonString());
    }

    private static double Boost(JsonNode? value) => value is JsonObject o && o["boost"] is { } b ? b.GetValue<double>() : 1;

    private static IEnumerable<JsonObject> Clauses(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(c => c!.AsObject()),
        JsonObject single => [single],
        _ => [],
    };

    private static List<(string Id, JsonObject Source, double Score)> Sort(List<(string Id, JsonObject Source, double Score)> hits, JsonArray? sort)
    {
        IOrderedEnumerable<(string Id, JsonObject Source, double Score)>? ordered = null;
        foreach (var option in sort ?? [])
        {
            var (field, how) = option!.AsObject().Single();
            var descending = (how is JsonObject o ? o["order"]?.GetValue<string>() : how?.GetValue<string>()) == "desc";
            Func<(string Id, JsonObject Source, double Score), IComparable> key = field == "_score" ? h => h.Score : h => h.Source[field]?.ToString() ?? "";
            ordered = ordered is null
                ? descending ? hits.OrderByDescending(key) : hits.OrderBy(key)
                : descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        }

        return [.. ordered ?? hits.OrderByDescending(h => h.Score)];
    }

    private static IEnumerable<string> Values(JsonObject source, string field) => source[field] switch
    {
        JsonArray array => array.Select(v => v!.ToString()),
        JsonNode value => [value.ToString()],
        null => [],
    };

    private static List<string> Words(JsonObject? query)
    {
        var words = new List<string>();
        foreach (var must in Clauses(query?["bool"]?["must"]))
        {
            if (must["multi_match"]?["query"]?.GetValue<string>() is { } text)
            {
                words.AddRange(Analyse(text));
            }
        }

        return words;
    }

    private static string? Highlight(string text, List<string> words, JsonObject highlight)
    {
        var pre = highlight["pre_tags"]?[0]?.GetValue<string>() ?? "<em>";
        var post = highlight["post_tags"]?[0]?.GetValue<string>() ?? "</em>";
        var marked = new StringBuilder();
        var any = false;
        foreach (var token in System.Text.RegularExpressions.Regex.Split(text, @"(\W+)"))
        {
            if (token.Length > 0 && char.IsLetterOrDigit(token[0]) && words.Contains(Stem(token)))
            {
                marked.Append(pre).Append(token).Append(post);
                any = true;
            }
            else
            {
                marked.Append(token);
            }
        }

        return any ? marked.ToString() : null;
    }

    // The stand-in analyser: words in lower case without accents, a final s or x dropped.
    private static List<string> Analyse(string text) =>
        System.Text.RegularExpressions.Regex.Split(text, @"\W+").Where(w => w.Length > 0).Select(Stem).ToList();

    private static string Stem(string word)
    {
        var plain = new string(word.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray()).ToLowerInvariant();
        return plain.Length > 3 && (plain.EndsWith('s') || plain.EndsWith('x')) ? plain[..^1] : plain;
    }

    private Dictionary<string, JsonObject> Index(string index)
    {
        if (!_indices.TryGetValue(index, out var docs))
        {
            _indices[index] = docs = [];
        }

        return docs;
    }

    private static JsonObject Shards() => new() { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 };

    private static JsonObject Error(string type, string reason, int status) =>
        new() { ["error"] = new JsonObject { ["type"] = type, ["reason"] = reason }, ["status"] = status };

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        Stream body = request.Body;
        if (request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(request.Body, CompressionMode.Decompress);
        }

        using var reader = new StreamReader(body, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static async Task AnswerAsync(HttpContext http, int status, JsonNode? answer)
    {
        http.Response.StatusCode = status;
        if (answer is not null)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(answer.ToJsonString());
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
