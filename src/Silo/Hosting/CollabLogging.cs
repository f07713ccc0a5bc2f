using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Collab.Silo.Hosting;

public static class CollabLogging
{
    /// <summary>
    /// Categories whose Debug and Trace entries carry what users send: SignalR logs each hub invocation with its
    /// arguments (a message's text), Blazor its circuits' events. Whatever the configuration or the provider asks,
    /// they log from Information up, so raising the log level to diagnose something never writes health data.
    /// </summary>
    public static readonly string[] PayloadCategories =
    [
        "Microsoft.AspNetCore.SignalR",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Components",
    ];

    /// <summary>
    /// One line per entry on the console, plain or JSON. No provider here logs request bodies, and nothing
    /// should: the API receives health content in clear (over TLS) and encrypts it at once, so a request body in
    /// a log would be health data at rest.
    /// </summary>
    public static IHostApplicationBuilder AddCollabLogging(this IHostApplicationBuilder builder, LogFormat format)
    {
        builder.Logging.ClearProviders();
        if (format == LogFormat.Json)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff "; // milliseconds: a failover is read in them
            });
        }

        // Orleans is chatty at Information; its warnings and errors are what an operator needs.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Services.PostConfigure<LoggerFilterOptions>(ClampPayloadCategories);
        return builder;
    }

    // Runs after every other filter (configuration, providers, tests): wherever a payload category would log
    // below Information — for any provider — a rule that stops it there is added, as specific as needed to win.
    private static void ClampPayloadCategories(LoggerFilterOptions options)
    {
        var rules = options.Rules.Select(r =>
            r.CategoryName is { } name && PayloadCategories.Any(c => name.StartsWith(c, StringComparison.Ordinal)) && r.LogLevel < LogLevel.Information
                ? new LoggerFilterRule(r.ProviderName, r.CategoryName, LogLevel.Information, r.Filter)
                : r).ToList();
        foreach (var provider in rules.Select(r => r.ProviderName).Append(null).Distinct().ToList())
        {
            foreach (var category in PayloadCategories)
            {
                if ((Effective(rules, provider, category) ?? options.MinLevel) < LogLevel.Information)
                {
                    rules.Add(new LoggerFilterRule(provider, category, LogLevel.Information, null));
                }
            }
        }

        options.Rules.Clear();
        foreach (var rule in rules)
        {
            options.Rules.Add(rule);
        }
    }

    // The level Microsoft.Extensions.Logging would pick for a logger of this provider and category: a provider's own
    // rules before the others, then the longest matching category.
    private static LogLevel? Effective(List<LoggerFilterRule> rules, string? provider, string category)
    {
        LoggerFilterRule? best = null;
        foreach (var rule in rules)
        {
            if ((rule.ProviderName is not null && rule.ProviderName != provider)
                || (rule.CategoryName is { } name && !category.StartsWith(name.TrimEnd('*'), StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (best is not null && best.ProviderName is not null && rule.ProviderName is null)
            {
                continue;
            }

            var moreSpecificProvider = best?.ProviderName is null && rule.ProviderName is not null;
            if (!moreSpecificProvider && best?.CategoryName is { } bestName && (rule.CategoryName is null || bestName.Length > rule.CategoryName.Length))
            {
                continue;
            }

            best = rule;
        }

        return best?.LogLevel;
    }
}
