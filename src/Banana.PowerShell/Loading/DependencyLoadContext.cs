using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Banana.PowerShell.Loading
{
    /// <summary>
    /// The module's private load context over <c>Dependencies/</c>. It loads its own copy of an assembly unless the
    /// platform already carries the same or a newer version (then the shared copy is the better one, as the .NET host
    /// would choose for an application): System.Memory and friends come from .NET, System.Text.Json 11 from here
    /// even though PowerShell 7.6 runs on System.Text.Json 10. Native libraries its assemblies import (libSkiaSharp)
    /// come from <c>Dependencies/runtimes/&lt;rid&gt;/native/</c>, the copy built for this system and processor.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string directory;
        private readonly Lazy<Dictionary<string, Version>> platformAssemblies =
            new Lazy<Dictionary<string, Version>>(ReadPlatformAssemblies);

        public DependencyLoadContext(string directory) => this.directory = directory;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(directory, assemblyName.Name + ".dll");
            if (!File.Exists(path) || PlatformProvides(assemblyName))
            {
                return null;
            }

            return LoadFromAssemblyPath(path);
        }

        /// <summary>
        /// A DllImport from an assembly of this context ("libSkiaSharp"): the module's own copy for this system and
        /// processor. Nothing found falls back to the system's search (a library installed system-wide).
        /// </summary>
        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            var path = NativeLibraries.Find(directory, unmanagedDllName);
            return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
        }

        private bool PlatformProvides(AssemblyName wanted)
            => wanted.Name is { } name
               && platformAssemblies.Value.TryGetValue(name, out var available)
               && available >= (wanted.Version ?? new Version(0, 0));

        /// <summary>The assemblies the host put on the trusted platform list, by name, with their versions.</summary>
        private static Dictionary<string, Version> ReadPlatformAssemblies()
        {
            var versions = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
            var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            foreach (var path in list.Split(Path.PathSeparator))
            {
                if (path.Length == 0)
                {
                    continue;
                }

                try
                {
                    var name = AssemblyName.GetAssemblyName(path);
                    if (name.Name is { } simpleName && name.Version is { } version)
                    {
                        versions[simpleName] = version;
                    }
                }
                catch (BadImageFormatException)
                {
                    // Native images on the list are not assemblies: nothing to compare against.
                }
            }

            return versions;
        }
    }
}
