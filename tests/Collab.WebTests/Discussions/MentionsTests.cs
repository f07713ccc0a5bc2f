using Collab.Contracts.Practitioners;
using Collab.Web.Discussions;

namespace Collab.WebTests.Discussions;

public sealed class MentionsTests
{
    private static readonly PractitionerId Louis = PractitionerId.New();
    private static readonly PractitionerId Helene = PractitionerId.New();
    private static readonly Dictionary<PractitionerId, string> Members = new() { [Louis] = "Dr Louis Bernard", [Helene] = "Dr Hélène Lefèvre" };

    [Theory]
    [InlineData("@Bernard tu peux regarder ?", "louis")]
    [InlineData("Merci @louis, et @helene aussi", "louis,helene")]
    [InlineData("@LEFÈVRE", "helene")]
    [InlineData("bernard@hopital.fr n'est pas une mention", "")]
    [InlineData("@Dr seul ne désigne personne", "")]
    [InlineData("Pas de mention ici", "")]
    public void A_member_is_mentioned_by_at_and_one_of_their_names_case_and_accents_ignored(string text, string expected)
    {
        var found = Mentions.In(text, Members).Select(p => p == Louis ? "louis" : "helene").Order().ToList();

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Order().ToList(), found);
    }
}
