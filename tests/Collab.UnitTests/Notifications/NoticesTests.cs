using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Collab.Grains.Notifications;

namespace Collab.UnitTests.Notifications;

public sealed partial class NoticesTests
{
    [Fact]
    public void Every_notice_text_is_written_in_French_and_in_English_with_the_same_placeholders()
    {
        var french = Texts(CultureInfo.InvariantCulture);
        var english = Texts(CultureInfo.GetCultureInfo("en"));

        Assert.NotEmpty(french);
        Assert.Equal(french.Keys.Order(), english.Keys.Order());
        foreach (var (name, text) in french)
        {
            Assert.True(Placeholders(text).SetEquals(Placeholders(english[name])), $"{name}: the English text does not use the same placeholders");
            Assert.NotEqual(text, english[name]);
        }
    }

    [Fact]
    public void A_notice_is_written_in_the_recipients_language_and_in_French_when_it_is_unknown()
    {
        var (frenchSubject, frenchBody) = Notices.Of("fr", "LoginCode", "123456");
        var (englishSubject, englishBody) = Notices.Of("en", "LoginCode", "123456");
        var (unknownSubject, _) = Notices.Of("de", "LoginCode", "123456");

        Assert.Equal("Collab : code de connexion", frenchSubject);
        Assert.Equal("Collab: login code", englishSubject);
        Assert.Contains("123456", frenchBody, StringComparison.Ordinal);
        Assert.Contains("123456", englishBody, StringComparison.Ordinal);
        Assert.Equal(frenchSubject, unknownSubject);
        Assert.Equal("en", Notices.Language(" EN "));
        Assert.Equal("fr", Notices.Language(null));
    }

    private static Dictionary<string, string> Texts(CultureInfo culture) =>
        Notices.Texts.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
