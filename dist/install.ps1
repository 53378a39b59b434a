# Installs kyyeu, the static site generator for bilingual yearbooks, on Windows
# from its GitHub release: downloads kyyeu-x86_64-pc-windows-msvc.zip, checks
# it against the release's SHA256SUMS, puts kyyeu.exe into
# %LOCALAPPDATA%\kyyeu\bin (or the folder given) and adds that folder to the
# user's PATH. Nothing is installed unless the checksum matches and the
# program runs.
#
#   irm https://github.com/OWNER/kyyeu/releases/latest/download/install.ps1 | iex
#   powershell -ExecutionPolicy Bypass -File install.ps1 [-Version v0.2.0] [-Dir C:\Tools\kyyeu]
#
# The same settings from the environment:
#   KYYEU_VERSION       the release to install, e.g. v0.2.0 (default: the latest)
#   KYYEU_INSTALL_DIR   the folder to install into
#   KYYEU_REPO          the GitHub repository of the releases (owner/name)
#   KYYEU_DOWNLOAD_URL  the folder of the release's files, instead of GitHub:
#                       an https:// or file:// address, or a local folder
#   KYYEU_NO_MODIFY_PATH=1  leave the user's PATH as it is
#
# Windows PowerShell 5.1 or PowerShell 7.
param(
    [string]$Version = $(if ($env:KYYEU_VERSION) { $env:KYYEU_VERSION } else { "latest" }),
    [string]$Dir = $(if ($env:KYYEU_INSTALL_DIR) { $env:KYYEU_INSTALL_DIR } else { Join-Path $env:LOCALAPPDATA "kyyeu\bin" })
)

$ErrorActionPreference = "Stop"
$ProgressPreference = "SilentlyContinue"

$RepoDefault = "OWNER/kyyeu"

function Fail([string]$Message) {
    Write-Host "kyyeu install: error: $Message" -ForegroundColor Red
    throw "kyyeu install: $Message"
}

# Copy a release file from an http(s):// or file:// address or a folder.
function Get-ReleaseFile([string]$Url, [string]$OutFile) {
    if ($Url -match '^https?://') {
        Invoke-WebRequest -Uri $Url -OutFile $OutFile -UseBasicParsing
    } elseif ($Url -match '^file://') {
        Copy-Item -LiteralPath ([Uri]$Url).LocalPath -Destination $OutFile
    } else {
        Copy-Item -LiteralPath $Url -Destination $OutFile
    }
}

function Install-Kyyeu {
    # Windows PowerShell 5.1 may offer only TLS 1.0 by default.
    [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12

    switch ($env:PROCESSOR_ARCHITECTURE) {
        "AMD64" { }
        "ARM64" { Write-Host "Windows on ARM: installing the x86_64 build, which runs under emulation." }
        default { Fail "no kyyeu is built for the processor '$($env:PROCESSOR_ARCHITECTURE)'" }
    }
    $target = "x86_64-pc-windows-msvc"
    $name = "kyyeu-$target"
    $archive = "$name.zip"

    $repo = if ($env:KYYEU_REPO) { $env:KYYEU_REPO } else { $RepoDefault }
    $tag = if ($Version -eq "latest" -or $Version.StartsWith("v")) { $Version } else { "v$Version" }
    if ($env:KYYEU_DOWNLOAD_URL) {
        $base = $env:KYYEU_DOWNLOAD_URL.TrimEnd("/", "\")
    } elseif ($tag -eq "latest") {
        $base = "https://github.com/$repo/releases/latest/download"
    } else {
        $base = "https://github.com/$repo/releases/download/$tag"
    }

    $tmp = Join-Path ([IO.Path]::GetTempPath()) ("kyyeu-install-" + [Guid]::NewGuid())
    New-Item -ItemType Directory -Path $tmp | Out-Null
    try {
        Write-Host "Downloading kyyeu ($tag, $target) from $base"
        $zip = Join-Path $tmp $archive
        $sums = Join-Path $tmp "SHA256SUMS"
        try { Get-ReleaseFile "$base/$archive" $zip } catch { Fail "could not download $base/$archive ($_)" }
        try { Get-ReleaseFile "$base/SHA256SUMS" $sums } catch { Fail "could not download $base/SHA256SUMS ($_)" }

        $expected = $null
        foreach ($line in Get-Content -LiteralPath $sums) {
            $fields = $line -split '\s+', 2
            if ($fields.Count -eq 2 -and $fields[1].TrimStart("*") -eq $archive) { $expected = $fields[0].ToLowerInvariant(); break }
        }
        if (-not $expected) { Fail "SHA256SUMS of the release lists no $archive; nothing was installed" }
        $actual = (Get-FileHash -LiteralPath $zip -Algorithm SHA256).Hash.ToLowerInvariant()
        if ($actual -ne $expected) {
            Fail "checksum mismatch for ${archive}: SHA256SUMS says $expected, the download is $actual; nothing was installed"
        }
        Write-Host "Checksum verified (SHA-256 $actual)"

        Expand-Archive -LiteralPath $zip -DestinationPath $tmp -Force
        $program = Join-Path (Join-Path $tmp $name) "kyyeu.exe"
        if (-not (Test-Path -LiteralPath $program)) { Fail "$archive holds no $name\kyyeu.exe; nothing was installed" }
        $installed = & $program --version 2>&1
        if ($LASTEXITCODE -ne 0) { Fail "the downloaded kyyeu does not run on this system ($installed); nothing was installed" }

        New-Item -ItemType Directory -Path $Dir -Force | Out-Null
        $destination = Join-Path $Dir "kyyeu.exe"
        $new = Join-Path $Dir "kyyeu.exe.new"
        Copy-Item -LiteralPath $program -Destination $new -Force
        Move-Item -LiteralPath $new -Destination $destination -Force
        Write-Host "Installed $installed as $destination"
    } finally {
        Remove-Item -LiteralPath $tmp -Recurse -Force -ErrorAction SilentlyContinue
    }

    $userPath = [Environment]::GetEnvironmentVariable("Path", "User")
    $entries = @($userPath -split ";" | Where-Object { $_ })
    $run = "kyyeu"
    if ($entries -notcontains $Dir) {
        if ($env:KYYEU_NO_MODIFY_PATH -eq "1") {
            $run = $destination
            Write-Host ""
            Write-Host "$Dir is not on your PATH (KYYEU_NO_MODIFY_PATH=1 left it as it was)."
        } else {
            [Environment]::SetEnvironmentVariable("Path", (@($Dir) + $entries) -join ";", "User")
            Write-Host ""
            Write-Host "Added $Dir to your PATH: open a new terminal to run kyyeu by its name."
        }
    }
    if (($env:Path -split ";") -notcontains $Dir) { $env:Path = "$Dir;$env:Path" }

    Write-Host ""
    Write-Host "Next: start a site and preview it in your browser:"
    Write-Host "  $run init my-site"
    Write-Host "  $run serve --root my-site"
}

Install-Kyyeu
