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
    /// would choose for an application). The PowerShell 7.6 build ships only what .NET 10 lacks (the engine, the
    /// client, Polly, SkiaSharp); the netstandard2.0 build, when an older PowerShell 7 loads it, also brings
    /// System.Text.Json 11 and friends, which then win over the platform's older copies. Native libraries its
    /// assemblies import (libSkiaSharp) come from the module's <c>runtimes/&lt;rid&gt;/native/</c>, the copy built for
    /// this system and processor (<see cref="NativeLibraries"/>).
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string directory;
        private readonly Lazy<Dictionary<string, string>> platformAssemblyPaths =
            new Lazy<Dictionary<string, string>>(ReadPlatformAssemblyPaths);

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
        {
            // Only the one file is read, and only for a name we carry: reading every platform assembly's version
            // up front cost a noticeable part of the first command.
            if (wanted.Name is not { } name || !platformAssemblyPaths.Value.TryGetValue(name, out var platformPath))
            {
                return false;
            }

            try
            {
                return AssemblyName.GetAssemblyName(platformPath).Version is { } available
                       && available >= (wanted.Version ?? new Version(0, 0));
            }
            catch (BadImageFormatException)
            {
                return false; // a native image on the list is no assembly to compare against
            }
        }

        /// <summary>The files the host put on the trusted platform list, by assembly name.</summary>
        private static Dictionary<string, string> ReadPlatformAssemblyPaths()
        {
            var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            foreach (var path in list.Split(Path.PathSeparator))
            {
                if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                {
                    paths[Path.GetFileNameWithoutExtension(path)] = path;
                }
            }

            return paths;
        }
    }
}
