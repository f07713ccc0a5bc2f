namespace Collab.Contracts;

/// <summary>
/// Grain references without Orleans' type resolution at every call. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> finds
/// the interface's grain type anew each time — it reads the interface's attributes by reflection and formats its name
/// — which a profile of the live path showed at 2–5 % of a node's CPU (docs/benchmarks.md, "Where a reconnection's CPU
/// goes"). Here it is found once per interface; the reference made is the same one Orleans makes.
/// </summary>
public static class GrainReferences
{
    /// <summary>The grain of interface <typeparamref name="TGrain"/> with key <paramref name="key"/>.</summary>
    public static TGrain Grain<TGrain>(this IGrainFactory grains, Guid key)
        where TGrain : IGrainWithGuidKey =>
        Make<TGrain>(grains, GrainIdKeyExtensions.CreateGuidKey(key));

    /// <inheritdoc cref="Grain{TGrain}(IGrainFactory, Guid)"/>
    public static TGrain Grain<TGrain>(this IGrainFactory grains, string key)
        where TGrain : IGrainWithStringKey =>
        Make<TGrain>(grains, IdSpan.Create(key));

    /// <inheritdoc cref="Grain{TGrain}(IGrainFactory, Guid)"/>
    public static TGrain Grain<TGrain>(this IGrainFactory grains, long key)
        where TGrain : IGrainWithIntegerKey =>
        Make<TGrain>(grains, GrainIdKeyExtensions.CreateIntegerKey(key));

    private static TGrain Make<TGrain>(IGrainFactory grains, IdSpan key)
        where TGrain : IAddressable
    {
        var types = Types<TGrain>.Resolved ??= Resolve(grains, typeof(TGrain));
        return (TGrain)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    // Orleans' own resolution, once: the grain and interface types of a reference it made.
    private static GrainTypes Resolve(IGrainFactory grains, Type interfaceType)
    {
        var reference = (GrainReference)grains.GetGrain(interfaceType, IdSpan.Create("resolve"));
        return new GrainTypes(reference.GrainId.Type, reference.InterfaceType);
    }

    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);

    // One per interface; a reference, so a reader never sees half of it.
    private static class Types<TGrain>
    {
        public static GrainTypes? Resolved;
    }
}
