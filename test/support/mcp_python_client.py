"""Drives Causeway's /mcp with the official MCP Python SDK, as a conformant client would.

Usage: python mcp_python_client.py <mcp url> <api key>
Prints one JSON object: the tools listed, a normal tool's result and a held call's result.
The SDK itself checks every successful result of a tool with an output schema against that
schema (and raises when structured content is missing), which is what this exercises.
"""
import asyncio
import json
import sys

from mcp import ClientSession
from mcp.client.streamable_http import streamablehttp_client


def summary(result):
    return {
        "isError": result.isError,
        "structuredContent": result.structuredContent,
        "text": "\n".join(block.text for block in result.content if getattr(block, "type", None) == "text"),
        "meta": result.meta,
    }


async def main(url: str, key: str) -> None:
    async with streamablehttp_client(url, headers={"Authorization": f"Bearer {key}"}) as (read, write, _):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = await session.list_tools()
            listed = await session.call_tool("slack.list_channels", {"limit": 2})
            held = await session.call_tool("slack.delete_message", {"channel": "C0GENERAL01", "ts": "1700000000.000100"})
            print(json.dumps({"tools": [t.name for t in tools.tools], "normal": summary(listed), "held": summary(held)}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
