using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace Collab.Silo.Hosting;

/// <summary>
/// Grain state as System.Text.Json in PostgreSQL: readable by tools, stable across Orleans
/// versions, and free of type names.
/// </summary>
public sealed class SystemTextJsonGrainStorageSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) =>
        input.ToObjectFromJson<T>(Options) ?? throw new JsonException($"Stored state of {typeof(T).Name} is null.");
}
