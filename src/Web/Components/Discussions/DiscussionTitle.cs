using Collab.Contracts.Discussions;
using Collab.Contracts.Practitioners;

namespace Collab.Web.Components.Discussions;

/// <summary>What a discussion is called on screen: its name, or else its other members' names.</summary>
public static class DiscussionTitle
{
    public static string Of(DiscussionView discussion, Guid? me, Func<PractitionerId?, string> nameOf) =>
        discussion.Name ?? string.Join(", ", discussion.Members.Where(m => m.Value != me).Select(m => nameOf(m)));
}
